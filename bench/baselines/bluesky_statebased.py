"""BlueSky-style state-based conflict detection in numpy, the city-scale benchmark's baseline.

Written for skyweave from the definitions of BlueSky's traffic/asas/statebased.py (not copied):
all-pairs N x N matrices, BlueSky's flat-earth "kwik" bearing and distance between every pair,
relative velocity floored at 1e-6, CPA, horizontal and vertical intrusion intervals, a conflict
when they overlap within (0, lookahead). The cost is the one a BlueSky user pays per detection
pass (numpy on one core).

Input: a binary snapshot (float64 little-endian): n, rpz, hpz, tlook, lat0, lon0, then the
columns x, y, z, vx, vy, vz of n aircraft (local metres east/north/up, m/s).
Output (stdout, JSON): passes, mean ms per pass, conflict pairs (unordered) and LoS pairs.
"""
import json
import sys
import time

import numpy as np

NM = 1852.0
RE_NM = 6371000.0 / NM  # BlueSky's kwik formulas use a spherical earth of radius 6371 km


def kwikqdrdist_matrix(lat, lon):
    """Bearing (deg) and distance (nm) from aircraft i (row) to j (column), flat earth at the mean latitude."""
    dlat = np.radians(lat[None, :] - lat[:, None])
    dlon = np.radians(((lon[None, :] - lon[:, None]) + 180.0) % 360.0 - 180.0)
    cavelat = np.cos(np.radians(lat[None, :] + lat[:, None]) * 0.5)
    dangle = np.sqrt(dlat * dlat + dlon * dlon * cavelat * cavelat)
    dist = RE_NM * dangle
    qdr = np.degrees(np.arctan2(dlon * cavelat, dlat)) % 360.0
    return qdr, dist


def detect(lat, lon, alt, trk, gs, vs, rpz, hpz, tlook):
    """Conflict and LoS matrices (row i: ownship, column j: intruder), counted."""
    n = lat.size
    eye = np.eye(n)
    qdr, dist = kwikqdrdist_matrix(lat, lon)
    dist = dist * NM + 1e9 * eye
    qdrrad = np.radians(qdr)
    dx = dist * np.sin(qdrrad)
    dy = dist * np.cos(qdrrad)
    trkrad = np.radians(trk)
    u = gs * np.sin(trkrad)
    v = gs * np.cos(trkrad)
    # Velocity of the ownship relative to the intruder (BlueSky: own minus intruder).
    du = u[:, None] - u[None, :]
    dv = v[:, None] - v[None, :]
    dv2 = du * du + dv * dv
    dv2 = np.where(np.abs(dv2) < 1e-6, 1e-6, dv2)
    vrel = np.sqrt(dv2)
    tcpa = -(du * dx + dv * dy) / dv2 + 1e9 * eye
    dcpa2 = np.abs(dist * dist - tcpa * tcpa * dv2)
    r2 = rpz * rpz
    swhorconf = dcpa2 < r2
    dtinhor = np.sqrt(np.maximum(0.0, r2 - dcpa2)) / vrel
    tinhor = np.where(swhorconf, tcpa - dtinhor, 1e8)
    touthor = np.where(swhorconf, tcpa + dtinhor, -1e8)
    dalt = alt[:, None] + 1e9 * eye - alt[None, :]
    dvs = vs[:, None] - vs[None, :]
    dvs = np.where(np.abs(dvs) < 1e-6, 1e-6, dvs)
    tcrosshi = (dalt + hpz) / -dvs
    tcrosslo = (dalt - hpz) / -dvs
    tinver = np.minimum(tcrosshi, tcrosslo)
    toutver = np.maximum(tcrosshi, tcrosslo)
    tinconf = np.maximum(tinver, tinhor)
    toutconf = np.minimum(toutver, touthor)
    swconfl = swhorconf & (tinconf <= toutconf) & (toutconf > 0.0) & (tinconf < tlook) & (eye == 0)
    swlos = (dist < rpz) & (np.abs(dalt) < hpz)
    return int(np.count_nonzero(swconfl)), int(np.count_nonzero(swlos))


def main():
    raw = np.fromfile(sys.argv[1], dtype='<f8')
    passes = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    n = int(raw[0])
    rpz, hpz, tlook, lat0, lon0 = raw[1:6]
    x, y, z, vx, vy, vz = (raw[6 + k * n: 6 + (k + 1) * n] for k in range(6))
    # Local metres to latitude/longitude (equirectangular about the reference point).
    lat = lat0 + np.degrees(y / 6371000.0)
    lon = lon0 + np.degrees(x / (6371000.0 * np.cos(np.radians(lat0))))
    trk = np.degrees(np.arctan2(vx, vy)) % 360.0
    gs = np.sqrt(vx * vx + vy * vy)
    detect(lat, lon, z, trk, gs, vz, rpz, hpz, tlook)  # warm-up
    t0 = time.perf_counter()
    for _ in range(passes):
        conf, los = detect(lat, lon, z, trk, gs, vz, rpz, hpz, tlook)
    ms = (time.perf_counter() - t0) * 1000.0 / passes
    # The matrices count each pair twice (i, j) and (j, i).
    print(json.dumps({'passes': passes, 'ms': ms, 'conflict_pairs': conf // 2, 'los_pairs': los // 2, 'numpy': np.__version__}))


if __name__ == '__main__':
    main()
