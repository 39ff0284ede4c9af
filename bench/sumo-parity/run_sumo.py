#!/usr/bin/env python3
"""Runs SUMO (1.15, Debian package) on one straight single-lane road: a leader driven by TraCI
along a speed profile, N followers (IDM, or Krauss with sigma 0) starting at rest `spacing` m
apart behind it, with SUMO's default semi-implicit Euler update or `--step-method.ballistic`. Writes
<out>/leader.csv (time,pos,speed) and <out>/sumo.csv (time,id,pos,speed), positions as SUMO's
lane positions (front bumpers). Used by bench/sumo-parity.ts; needs `sumo` and `sumo-tools`.

usage: run_sumo.py <profile> <dt> <followers> <spacing> <out-dir> [idm|krauss] [euler|ballistic]
"""
import math, os, subprocess, sys, tempfile

SUMO_HOME = os.environ.get("SUMO_HOME", "/usr/share/sumo")
sys.path.append(os.path.join(SUMO_HOME, "tools"))
import traci  # noqa: E402

PARAMS = dict(accel=1.5, decel=2.0, tau=1.2, minGap=2.0, delta=4, length=5.0, maxSpeed=20.0)


def profile_speed(name, t):
    """Leader speed (m/s) at time t for each named profile."""
    if name == "stop-and-go":  # accelerate, cruise, brake to a stop, wait, restart
        if t < 15: return 1.0 * t
        if t < 40: return 15.0
        if t < 45: return 15.0 - 3.0 * (t - 40)
        if t < 55: return 0.0
        if t < 61: return 2.0 * (t - 55)
        return 12.0
    if name == "sinusoid":  # oscillating speed around 10 m/s
        return min(t, 10.0) + (5.0 * math.sin(2 * math.pi * (t - 10) / 30) if t > 10 else 0.0)
    if name == "emergency":  # hard brake at 6 m/s² from 18 m/s: followers need more than decel
        if t < 18: return 1.0 * t
        if t < 40: return 18.0
        if t < 43: return 18.0 - 6.0 * (t - 40)
        if t < 50: return 0.0
        return min(15.0, 1.5 * (t - 50))
    raise SystemExit(f"unknown profile {name}")


def main():
    name, dt, n, spacing, out = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
    model = sys.argv[6] if len(sys.argv) > 6 else "idm"
    method = sys.argv[7] if len(sys.argv) > 7 else "euler"
    cf = {"idm": 'carFollowModel="IDM" delta="%s"' % PARAMS["delta"], "krauss": 'carFollowModel="Krauss" sigma="0"'}[model]
    horizon = 100.0
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="sumo-parity-")
    with open(f"{work}/n.nod.xml", "w") as f:
        f.write('<nodes><node id="a" x="0" y="0"/><node id="b" x="20000" y="0"/></nodes>')
    with open(f"{work}/e.edg.xml", "w") as f:
        f.write('<edges><edge id="road" from="a" to="b" numLanes="1" speed="40"/></edges>')
    subprocess.run(["netconvert", "-n", f"{work}/n.nod.xml", "-e", f"{work}/e.edg.xml", "-o", f"{work}/net.xml", "--no-warnings"], check=True, capture_output=True)
    p = PARAMS
    lead0 = 10.0 + spacing * n
    with open(f"{work}/r.rou.xml", "w") as f:
        f.write('<routes>\n')
        f.write(f'<vType id="follower" {cf} accel="{p["accel"]}" decel="{p["decel"]}" tau="{p["tau"]}" minGap="{p["minGap"]}" length="{p["length"]}" maxSpeed="{p["maxSpeed"]}" speedFactor="1" speedDev="0" emergencyDecel="9"/>\n')
        f.write(f'<vType id="lead" carFollowModel="IDM" accel="20" decel="20" emergencyDecel="20" length="{p["length"]}" minGap="{p["minGap"]}" maxSpeed="40" speedFactor="1" speedDev="0"/>\n')
        f.write('<route id="r" edges="road"/>\n')
        f.write(f'<vehicle id="lead" type="lead" route="r" depart="0" departPos="{lead0}" departSpeed="0"/>\n')
        for i in range(1, n + 1):
            f.write(f'<vehicle id="f{i}" type="follower" route="r" depart="0" departPos="{lead0 - spacing * i}" departSpeed="0"/>\n')
        f.write('</routes>\n')
    traci.start(["sumo", "-n", f"{work}/net.xml", "-r", f"{work}/r.rou.xml", "--step-length", str(dt), "--no-step-log", "true",
                 "--time-to-teleport", "-1", "--step-method.ballistic", "true" if method == "ballistic" else "false", "--collision.action", "warn", "--no-warnings", "true"])
    traci.simulationStep()  # inserts everyone at rest (SUMO moves vehicles only from the next step)
    traci.vehicle.setSpeedMode("lead", 0)
    ids = ["lead"] + [f"f{i}" for i in range(1, n + 1)]
    leader_rows, rows = [], []
    t0 = traci.simulation.getTime()
    steps = int(round(horizon / dt))
    for k in range(steps + 1):
        t = traci.simulation.getTime()
        leader_rows.append(f"{t:.6f},{traci.vehicle.getLanePosition('lead'):.6f},{traci.vehicle.getSpeed('lead'):.6f}")
        if k > 0:
            for vid in ids[1:]:
                rows.append(f"{t:.6f},{vid},{traci.vehicle.getLanePosition(vid):.6f},{traci.vehicle.getSpeed(vid):.6f}")
        if k == steps: break
        traci.vehicle.setSpeed("lead", profile_speed(name, t - t0 + dt))
        traci.simulationStep()
    traci.close()
    with open(f"{out}/leader.csv", "w") as f: f.write("time,pos,speed\n" + "\n".join(leader_rows) + "\n")
    with open(f"{out}/sumo.csv", "w") as f: f.write("time,id,pos,speed\n" + "\n".join(rows) + "\n")


main()
