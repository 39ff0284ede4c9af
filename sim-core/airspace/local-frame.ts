import proj4 from 'proj4';

/**
 * The local metric frame of a scenario: a transverse Mercator projection (WGS84 ellipsoid,
 * scale 1) centred on the scenario origin. x east, y north, metres. Only used at load and export
 * time; the tick works in these coordinates directly.
 */
export class LocalFrame {
  private readonly converter: { forward(p: number[]): number[]; inverse(p: number[]): number[] };

  constructor(readonly originLat: number, readonly originLon: number) {
    const def = `+proj=tmerc +lat_0=${originLat} +lon_0=${originLon} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs`;
    this.converter = proj4('EPSG:4326', def);
  }

  /** WGS84 (lon, lat) in degrees to local (x, y) in metres. */
  forward(lon: number, lat: number): [number, number] {
    const [x, y] = this.converter.forward([lon, lat]);
    return [x, y];
  }

  /** Local (x, y) in metres to WGS84 (lon, lat) in degrees. */
  inverse(x: number, y: number): [number, number] {
    const [lon, lat] = this.converter.inverse([x, y]);
    return [lon, lat];
  }
}
