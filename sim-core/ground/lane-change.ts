import { nextMoveFrom, WRONG_LANE, type LaneTraffic } from './lane-traffic.ts';

const FREE_GAP = 1e6;

/**
 * Lane changes by MOBIL (Kesting, Treiber & Helbing 2007): a vehicle moves to a neighbouring lane
 * when its own acceleration gain plus `politeness` times its followers' net gain exceeds the
 * threshold, if the new follower would not brake harder than `safeDecel`; near a turn it never
 * moves away from the lane the turn wants and gets a bonus for moving toward it. Each vehicle is
 * evaluated once per second (staggered by slot); changes are applied after all are decided. The
 * accelerations come from each vehicle's car-following model.
 */
export class MobilLaneChanger {
  private t!: LaneTraffic;
  private readonly lcBuf: number[] = [];

  constructor(private readonly politeness: number, private readonly lcThreshold: number, private readonly lcSafe: number, private readonly lcSteps: number) {}

  /** Decides and applies this step's lane changes on `traffic`. */
  run(traffic: LaneTraffic): void {
    this.t = traffic;
    this.changeLanes();
  }

  /** Lane the next movement prefers: rightmost for right turns, leftmost for left turns, −1 any. */
  private preferredLane(v: number): number {
    const t = this.t;
    const m = t.nextMove[v];
    const net = t.net;
    if (m === WRONG_LANE) return net.nearestLaneTo(t.lane[v], t.routeBuf[t.routeOff[v] + t.routeIdx[v] + 1]);
    if (m < 0) return -1;
    const k = net.laneLink[t.lane[v]];
    const turn = net.moveTurn[m];
    if (turn === 1) return net.linkFirstLane[k];
    if (turn === 2 || turn === 3) return net.linkFirstLane[k] + net.linkLanes[k] - 1;
    return -1;
  }

  /** Index in lane l's queue where a vehicle at x would go (first vehicle behind x). */
  private slotIn(l: number, x: number): number {
    const t = this.t;
    const q = t.laneQ[l];
    let lo = 0, hi = q.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (t.pos[q[mid]] >= x) lo = mid + 1; else hi = mid; }
    return lo;
  }

  private acc(v: number, leader: number, x: number): number {
    const t = this.t;
    const cf = t.models[t.type[v]];
    if (leader < 0) return cf.acceleration(t.speed[v], FREE_GAP, t.speed[v], cf.type.v0, t.dt);
    return cf.acceleration(t.speed[v], t.pos[leader] - t.length[leader] - x, t.speed[leader], cf.type.v0, t.dt);
  }

  private accBehind(f: number, leader: number, leaderPos: number, leaderLen: number): number {
    const t = this.t;
    const cf = t.models[t.type[f]];
    if (leader < 0) return cf.acceleration(t.speed[f], FREE_GAP, t.speed[f], cf.type.v0, t.dt);
    return cf.acceleration(t.speed[f], leaderPos - leaderLen - t.pos[f], t.speed[leader], cf.type.v0, t.dt);
  }

  private changeLanes(): void {
    const t = this.t;
    const net = t.net, buf = this.lcBuf;
    buf.length = 0;
    const phase = t.stepIndex % this.lcSteps;
    for (let l = 0; l < net.laneCount; l++) {
      const k = net.laneLink[l];
      if (net.linkLanes[k] < 2) continue;
      const q = t.laneQ[l], L = net.laneLength[l];
      for (let i = 0; i < q.length; i++) {
        const v = q[i];
        if (v % this.lcSteps !== phase) continue;
        const x = t.pos[v];
        // Not while committed or crossing, nor in the last 15 m, unless the lane cannot take its turn.
        if (t.boxMove[v] >= 0 || (t.nextMove[v] !== WRONG_LANE && (x < t.length[v] || L - x < 15))) continue;
        const target = this.bestLaneChange(v, l, i, x, L);
        if (target >= 0) buf.push(v, target);
        else if (t.nextMove[v] === WRONG_LANE) this.swapIfBlocked(v, l, i);
      }
    }
    for (let i = 0; i < buf.length; i += 2) {
      const v = buf[i], target = buf[i + 1], from = t.lane[v];
      const x = t.pos[v];
      const j = this.slotIn(target, x);
      if (!this.safeAt(v, target, j, x)) continue;
      const q = t.laneQ[from];
      q.splice(q.indexOf(v), 1);
      t.laneQ[target].splice(j, 0, v);
      t.lane[v] = target;
      t.nextMove[v] = nextMoveFrom(t, v, target);
      t.stats.lane_changes++;
    }
  }

  /**
   * A vehicle stopped on a lane that cannot take its turn, beside a stopped vehicle that can use
   * this lane just as well (it wants this lane, or its next movement is also reachable from here):
   * the two swap lanes, as SUMO's lane changer lets blocked neighbours swap. Without it, two
   * vehicles waiting at a line for each other's lane would wait for ever.
   */
  private swapIfBlocked(v: number, l: number, i: number): void {
    const t = this.t, net = t.net;
    if (t.speed[v] >= 0.1 || t.stoppedS[v] < 1) return;
    const want = net.nearestLaneTo(l, t.routeBuf[t.routeOff[v] + t.routeIdx[v] + 1]);
    if (want < 0) return;
    const target = want > l ? l + 1 : l - 1;
    const q = t.laneQ[target];
    for (let j = 0; j < q.length; j++) {
      const u = q[j];
      if (Math.abs(t.pos[u] - t.pos[v]) >= Math.max(t.length[u], t.length[v]) + 1) continue;
      if (t.speed[u] >= 0.1 || t.boxMove[u] >= 0) return;
      const uHere = nextMoveFrom(t, u, l);
      if (uHere === WRONG_LANE) return; // u needs its own lane
      const p = t.pos[v];
      t.pos[v] = t.pos[u];
      t.pos[u] = p;
      t.laneQ[l][i] = u;
      q[j] = v;
      t.lane[u] = l;
      t.lane[v] = target;
      t.nextMove[u] = uHere;
      t.nextMove[v] = nextMoveFrom(t, v, target);
      t.stats.lane_changes += 2;
      return;
    }
  }

  private safeAt(v: number, target: number, j: number, x: number): boolean {
    const t = this.t;
    const q = t.laneQ[target];
    const lead = j > 0 ? q[j - 1] : -1, fol = j < q.length ? q[j] : -1;
    // Never cut in ahead of a vehicle its junction has already let in (committed, before its line):
    // it would have to wait behind the newcomer while holding its place in the box, and the
    // junction would keep others waiting for it (a gridlock seen on the 30×30 priority grid).
    if (fol >= 0 && t.boxMove[fol] >= 0 && t.lane[fol] === t.net.moveInLane[t.boxMove[fol]]) return false;
    if (lead >= 0 && t.pos[lead] - t.length[lead] - x < 1) return false;
    if (fol >= 0 && x - t.length[v] - t.pos[fol] < 1) return false;
    if (fol >= 0 && this.accBehind(fol, v, x, t.length[v]) < -this.lcSafe) return false;
    return this.acc(v, lead, x) >= -this.lcSafe;
  }

  private bestLaneChange(v: number, l: number, i: number, x: number, L: number): number {
    const t = this.t;
    const net = t.net, k = net.laneLink[l], first = net.linkFirstLane[k], last = first + net.linkLanes[k] - 1;
    const q = t.laneQ[l];
    const lead = i > 0 ? q[i - 1] : -1, fol = i + 1 < q.length ? q[i + 1] : -1;
    const accOld = this.acc(v, lead, x);
    // Old follower's gain if v leaves: it would follow v's leader.
    const folGain = fol >= 0 ? this.accBehind(fol, lead, lead >= 0 ? t.pos[lead] : 0, lead >= 0 ? t.length[lead] : 0) - this.accBehind(fol, v, x, t.length[v]) : 0;
    const pref = this.preferredLane(v);
    const near = L - x < 150 || t.nextMove[v] === WRONG_LANE;
    let best = -1, bestGain = this.lcThreshold;
    for (let target = l - 1; target <= l + 1; target += 2) {
      if (target < first || target > last) continue;
      // Near a turn, never move away from the lane the turn wants, nor onto a lane that cannot take it.
      if (near && pref >= 0 && Math.abs(target - pref) > Math.abs(l - pref)) continue;
      if (net.explicitConnections && near && t.nextMove[v] >= 0 && nextMoveFrom(t, v, target) === WRONG_LANE) continue;
      const j = this.slotIn(target, x);
      if (!this.safeAt(v, target, j, x)) continue;
      const tq = t.laneQ[target];
      const nl = j > 0 ? tq[j - 1] : -1, nf = j < tq.length ? tq[j] : -1;
      const accNew = this.acc(v, nl, x);
      const nfLoss = nf >= 0 ? this.accBehind(nf, v, x, t.length[v]) - this.accBehind(nf, nl, nl >= 0 ? t.pos[nl] : 0, nl >= 0 ? t.length[nl] : 0) : 0;
      let gain = accNew - accOld + this.politeness * (nfLoss + folGain);
      if (near && pref >= 0 && Math.abs(target - pref) < Math.abs(l - pref)) gain += t.nextMove[v] === WRONG_LANE ? 10 : 1;
      if (gain > bestGain) { bestGain = gain; best = target; }
    }
    return best;
  }

}
