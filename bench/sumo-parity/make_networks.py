#!/usr/bin/env python3
"""Generates the SUMO network-parity fixtures with Debian's SUMO 1.15 tools and records SUMO's own
results next to them (test/fixtures/sumo-net/<case>/): netgenerate builds the network, randomTrips.py
the trips, duarouter the routes; sumo runs them with --step-length 0.5 and its tripinfo and
statistic outputs are summarised in sumo-result.json (arrived, travel time = tripinfo duration mean
and p95 by nearest rank, waitingTime mean). Vehicles use one vType (Krauss, sigma 0, speedDev 0) so
both simulators drive deterministic drivers. Install SUMO with `bash .ci/install-sumo`.

usage: make_networks.py [out-dir]   (default test/fixtures/sumo-net)
"""
import json, math, os, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

SUMO_HOME = os.environ.setdefault("SUMO_HOME", "/usr/share/sumo")  # the tools validate XML against its schemas
OUT = sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/sumo-net"
VTYPE = '<additional>\n    <vType id="car" carFollowModel="Krauss" accel="2.6" decel="4.5" emergencyDecel="9" sigma="0" tau="1" minGap="2.5" length="5" maxSpeed="20" speedDev="0"/>\n</additional>\n'

# name: (netgenerate arguments, trip period s, end of insertion s)
CASES = {
    "grid4-priority": (["--grid", "--grid.number", "4", "--grid.length", "200", "--default.lanenumber", "1", "--default.speed", "13.89", "--default-junction-type", "priority"], 3.0, 900),
    "grid4-tls": (["--grid", "--grid.number", "4", "--grid.length", "200", "--default.lanenumber", "2", "--default.speed", "13.89", "--default-junction-type", "traffic_light"], 2.0, 900),
    "grid5-2lane-priority": (["--grid", "--grid.number", "5", "--grid.length", "250", "--default.lanenumber", "2", "--default.speed", "13.89", "--default-junction-type", "priority"], 1.5, 900),
    "spider-priority": (["--spider", "--spider.arm-number", "6", "--spider.circle-number", "4", "--spider.space-radius", "150", "--default.lanenumber", "1", "--default.speed", "13.89", "--default-junction-type", "priority"], 3.0, 900),
    "spider-tls": (["--spider", "--spider.arm-number", "5", "--spider.circle-number", "3", "--spider.space-radius", "200", "--default.lanenumber", "2", "--default.speed", "13.89", "--default-junction-type", "traffic_light"], 2.5, 900),
}


def run(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def nearest_rank(sorted_values, p):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(p * len(sorted_values)) - 1))]


def make(name, net_args, period, end):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "vtypes.add.xml"), "w") as f:
        f.write(VTYPE)
    run(["netgenerate", *net_args, "--no-turnarounds", "true", "--seed", "1", "-o", "net.net.xml"], d)
    run([sys.executable, os.path.join(SUMO_HOME, "tools", "randomTrips.py"), "-n", "net.net.xml", "-b", "0", "-e", str(end), "-p", str(period),
         "--seed", "42", "--min-distance", "300", "--fringe-factor", "3", "--trip-attributes", 'type="car" departLane="best"', "-o", "trips.trips.xml"], d)
    run(["duarouter", "-n", "net.net.xml", "--route-files", "trips.trips.xml", "--additional-files", "vtypes.add.xml", "-o", "routes.rou.xml",
         "--no-step-log", "--no-warnings", "--seed", "1", "--exit-times", "false", "--write-costs", "false"], d)
    with tempfile.TemporaryDirectory() as tmp:
        tripinfo, stats = os.path.join(tmp, "tripinfo.xml"), os.path.join(tmp, "stats.xml")
        run(["sumo", "-n", "net.net.xml", "-r", "routes.rou.xml", "--step-length", "0.5", "--seed", "1", "--no-step-log",
             "--time-to-teleport", "300", "--collision.action", "warn", "--tripinfo-output", tripinfo, "--statistic-output", stats], d)
        trips = ET.parse(tripinfo).getroot().findall("tripinfo")
        st = ET.parse(stats).getroot()
        veh = st.find("vehicles").attrib
        dur = sorted(float(t.get("duration")) for t in trips)
        wait = [float(t.get("waitingTime")) for t in trips]
        result = {
            "sumo": subprocess.run(["sumo", "--version"], capture_output=True, text=True).stdout.split("\n")[0],
            "netgenerate": " ".join(net_args),
            "trip_period_s": period, "insert_until_s": end, "step_length_s": 0.5,
            "loaded": int(veh["loaded"]), "inserted": int(veh["inserted"]), "arrived": len(trips),
            "travel_time_mean_s": round(sum(dur) / len(dur), 2) if dur else 0,
            "travel_time_p95_s": round(nearest_rank(dur, 0.95), 2),
            "waiting_time_mean_s": round(sum(wait) / len(wait), 2) if wait else 0,
            "teleports": int(st.find("teleports").get("total")),
            "collisions": int(st.find("safety").get("collisions")),
        }
    with open(os.path.join(d, "sumo-result.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    os.remove(os.path.join(d, "trips.trips.xml"))
    for extra in ("routes.rou.alt.xml",):
        p = os.path.join(d, extra)
        if os.path.exists(p):
            os.remove(p)
    print(name, json.dumps(result))


if __name__ == "__main__":
    only = os.environ.get("CASES")
    for name, (args, period, end) in CASES.items():
        if only and name not in only.split(","):
            continue
        make(name, args, period, end)
