"""BlueSky-style state-based conflict detection in numpy: the parity reference and the benchmark baseline.

Written for skyweave from the definitions of BlueSky's traffic/asas/statebased.py and
tools/geo.py kwikqdrdist_matrix (not copied): all-pairs N x N matrices, BlueSky's flat-earth
distance and bearing between every pair (sphere R = 6,371 km, longitude scaled by the pair's mean
latitude), offset of j from i, velocity of j relative to i (BlueSky's du = ownu - intu.T with a
row vector ownu: du[i, j] = u[j] - u[i]), relative speed squared and vertical rate floored at
1e-6, CPA, horizontal and vertical intrusion intervals, a conflict when they overlap within
(0, lookahead); a loss of separation when closer than rpz and hpz now. The cost is the one a
BlueSky user pays per detection pass (numpy on one core).

Input: a snapshot as `npm run sim -- detect` reads it,
  {"aircraft": [{"id", "lat", "lon", "alt_m", "gs_mps", "trk_deg", "vs_mps"}, ...]}.
Usage: bluesky_statebased.py <snapshot.json> <rpz_m> <hpz_m> <tlook_s> [passes] [--pairs]
Output (stdout, JSON): passes, mean ms per pass, conflict and LoS pair counts (each pair once),
the numpy version and, with --pairs, every conflict (a, b as snapshot ids, i < j in snapshot order;
tcpa, dcpa, tin, tout) and LoS pair.
"""
import json
import sys
import time

import numpy as np

NM = 1852.0
RE_M = 6371000.0


def kwikqdrdist_matrix(lat, lon):
    """Bearing (deg) and distance (nm) from aircraft i (row) to j (column), BlueSky's flat earth."""
    dlat = np.radians(lat[None, :] - lat[:, None])
    dlon = np.radians(((lon[None, :] - lon[:, None]) + 180.0) % 360.0 - 180.0)
    cavelat = np.cos(np.radians(lat[None, :] + lat[:, None]) * 0.5)
    dangle = np.sqrt(dlat * dlat + dlon * dlon * cavelat * cavelat)
    dist = RE_M * dangle / NM
    qdr = np.degrees(np.arctan2(dlon * cavelat, dlat)) % 360.0
    return qdr, dist


def detect(lat, lon, alt, trk, gs, vs, rpz, hpz, tlook):
    """Matrices (row i: ownship, column j: intruder): conflict and LoS flags, tcpa, dcpa, tin, tout."""
    n = lat.size
    eye = np.eye(n)
    qdr, dist = kwikqdrdist_matrix(lat, lon)
    dist = dist * NM + 1e9 * eye
    qdrrad = np.radians(qdr)
    dx = dist * np.sin(qdrrad)  # position of j relative to i
    dy = dist * np.cos(qdrrad)
    trkrad = np.radians(trk)
    u = gs * np.sin(trkrad)
    v = gs * np.cos(trkrad)
    du = u[None, :] - u[:, None]  # velocity of j relative to i
    dv = v[None, :] - v[:, None]
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
    dalt = alt[None, :] - alt[:, None] + 1e9 * eye  # altitude of j relative to i
    dvs = vs[None, :] - vs[:, None]
    dvs = np.where(np.abs(dvs) < 1e-6, 1e-6, dvs)
    tcrosshi = (dalt + hpz) / -dvs
    tcrosslo = (dalt - hpz) / -dvs
    tinver = np.minimum(tcrosshi, tcrosslo)
    toutver = np.maximum(tcrosshi, tcrosslo)
    tinconf = np.maximum(tinver, tinhor)
    toutconf = np.minimum(toutver, touthor)
    swconfl = swhorconf & (tinconf <= toutconf) & (toutconf > 0.0) & (tinconf < tlook) & (eye == 0)
    swlos = (dist < rpz) & (np.abs(dalt) < hpz)
    return swconfl, swlos, tcpa, np.sqrt(dcpa2), tinconf, toutconf


def load(path):
    with open(path, encoding='utf-8') as f:
        aircraft = json.load(f)['aircraft']
    col = lambda k: np.array([a[k] for a in aircraft], dtype=np.float64)
    return [a['id'] for a in aircraft], col('lat'), col('lon'), col('alt_m'), col('trk_deg'), col('gs_mps'), col('vs_mps')


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    want_pairs = '--pairs' in sys.argv
    ids, lat, lon, alt, trk, gs, vs = load(args[0])
    rpz, hpz, tlook = (float(a) for a in args[1:4])
    passes = int(args[4]) if len(args) > 4 else 1
    detect(lat, lon, alt, trk, gs, vs, rpz, hpz, tlook)  # warm-up
    t0 = time.perf_counter()
    for _ in range(passes):
        conf, los, tcpa, dcpa, tin, tout = detect(lat, lon, alt, trk, gs, vs, rpz, hpz, tlook)
    ms = (time.perf_counter() - t0) * 1000.0 / passes
    # BlueSky lists each pair twice, (i, j) and (j, i); the upper triangle names each once.
    ci, cj = np.nonzero(np.triu(conf, 1))
    li, lj = np.nonzero(np.triu(los, 1))
    out = {'passes': passes, 'ms': ms, 'conflict_pairs': int(ci.size), 'los_pairs': int(li.size), 'numpy': np.__version__,
           'asymmetric_pairs': int(np.count_nonzero(conf != conf.T))}
    if want_pairs:
        out['conflicts'] = [{'a': ids[i], 'b': ids[j], 'tcpa': float(tcpa[i, j]), 'dcpa': float(dcpa[i, j]), 'tin': float(tin[i, j]), 'tout': float(tout[i, j])}
                            for i, j in zip(ci.tolist(), cj.tolist())]
        out['los'] = [{'a': ids[i], 'b': ids[j]} for i, j in zip(li.tolist(), lj.tolist())]
    print(json.dumps(out))


if __name__ == '__main__':
    main()
