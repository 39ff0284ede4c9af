import type { LaneTraffic } from './lane-traffic.ts';

/**
 * Collisions right now: consecutive vehicles on a lane overlapping, and vehicles in one junction
 * box from different in-lanes whose bodies (5 points along the path, car width 1.8 m) touch.
 */
export function countCollisions(t: LaneTraffic): number {
  const net = t.net;
  let n = 0;
  for (let l = 0; l < net.laneCount; l++) {
    const q = t.laneQ[l];
    for (let i = 1; i < q.length; i++) {
      const a = q[i - 1], b = q[i];
      // Vehicles still inside the box came along different paths: judged geometrically below.
      if (t.pos[b] < 0 && t.boxMove[a] >= 0 && t.boxMove[b] >= 0 && net.moveInLane[t.boxMove[a]] !== net.moveInLane[t.boxMove[b]]) continue;
      if (t.pos[a] - t.length[a] - t.pos[b] < -1e-6) n++;
    }
  }
  const pts = new Float64Array(10 * t.inBox.length);
  const p = [0, 0];
  for (let i = 0; i < t.inBox.length; i++) {
    const v = t.inBox[i], m = t.boxMove[v];
    const front = t.lane[v] === net.moveOutLane[m] ? net.moveLength[m] + t.pos[v] : t.pos[v] - net.laneLength[t.lane[v]];
    for (let c = 0; c < 5; c++) {
      const s = front - (t.length[v] * c) / 4;
      if (s >= 0 && s <= net.moveLength[m]) net.pointOnMove(m, s, p);
      else if (s < 0) net.pointOnLane(net.moveInLane[m], net.laneLength[net.moveInLane[m]] + s, p);
      else net.pointOnLane(net.moveOutLane[m], s - net.moveLength[m], p);
      pts[i * 10 + c * 2] = p[0];
      pts[i * 10 + c * 2 + 1] = p[1];
    }
  }
  for (let i = 0; i < t.inBox.length; i++) for (let j = i + 1; j < t.inBox.length; j++) {
    const a = t.inBox[i], b = t.inBox[j];
    const ma = t.boxMove[a], mb = t.boxMove[b];
    if (net.moveJunction[ma] !== net.moveJunction[mb] || net.moveInLane[ma] === net.moveInLane[mb]) continue;
    let hit = false;
    for (let c = 0; c < 5 && !hit; c++) for (let d = 0; d < 5 && !hit; d++) {
      const dx = pts[i * 10 + c * 2] - pts[j * 10 + d * 2], dy = pts[i * 10 + c * 2 + 1] - pts[j * 10 + d * 2 + 1];
      if (dx * dx + dy * dy < 1.8 * 1.8) hit = true;
    }
    if (hit) n++;
  }
  return n;
}
