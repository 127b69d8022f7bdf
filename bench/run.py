"""`make bench`: every page type of the demo, rendered, measured side by side with a minimal view.

Starts gunicorn on a fresh SQLite database with the demo loaded, as `make run` serves it but
with the whole-page cache for anonymous visitors switched off (QS_PAGE_CACHE=0), so that every
request renders its page: what signed-in people, htmx requests, query strings and the first
visitor after a change get. The staff pages are requested with the session of a demo office
administrator whose second factor has passed (created through Django, see `staff_session`).

Rounds of requests go to each URL in turn (A, B, C …, A, B, C …), so that every URL sees the
same machine state, and the table gives requests per second, median and 95th-percentile
latency, and the median's ratio to the minimal Django view in the same deployment (the
ceiling). Goal: public pages and the API at most 4 times the minimal view, staff pages at
most 6 times.

Environment: BENCH_PORT (8799), BENCH_CONCURRENCY (clients at once, 1), BENCH_SECONDS per URL
and round (2), BENCH_ROUNDS (3), BENCH_PAGE_CACHE=1 to measure with the page cache on,
BENCH_ONLY=<parts of target names, comma-separated> to measure only those (and the minimal view).
BENCH_BASELINE=<directory of another checkout (`git archive main | tar -x -C /tmp/base`, then
`make messages` there)> serves that checkout too (with this worktree's .venv, on BENCH_PORT + 1)
and measures both side by side: each URL on the baseline, then on this tree, in every round.

The bench's own client runs on the first core it may use and the servers on the others
(BENCH_PIN=0: all share them). Sharing, a worker that the scheduler keeps on the client's core
served the minimal view in ~0.33 ms CPU and one on the other core in ~0.24, while a page of
~1.7 ms cost the same on either: the ceiling, and with it every ratio, moved by a third with
the cores its rounds happened to get (docs/speed.md, "Round s20 merged").

Besides the latency, gunicorn records the CPU time of the thread that handled each request
(`bench/gunicorn_cpu.conf.py`): on a machine shared with other work, latencies wait for a core
and move by a factor of two from run to run, CPU times much less.

The targets named "cold: …" are the pages whose pieces are remembered per content version
(`core/versioned.py`, the start page's sections, the page frame): before each of their
requests the bench moves the municipality's content version, as any change of its public data
does, by writing `content_changed_at` into the served SQLite database itself (outside the
timed request and outside the server, so nothing of it is in the code served); the request
then renders what the first visitor after a change gets. They are requested by one client,
whatever BENCH_CONCURRENCY says, and their CPU times are told apart from the warm targets' of
the same address by the header X-Bench-Target.

The targets named "new query: …" carry a query string that no request asked before: each
request adds a parameter the page ignores (`_=<n>`, counted through the whole run), so that
nothing remembered per query string (the checked filters, the filter form's markup) is
found. They measure what a visitor with a search or filters of their own gets; the targets
of the same address without it, what the next visitor with the same ones gets.
"""

import datetime
import http.client
import itertools
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8799"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "1"))
SECONDS_PER_ROUND = float(os.environ.get("BENCH_SECONDS", "2"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PAGE_CACHE = os.environ.get("BENCH_PAGE_CACHE", "0") == "1"
BASELINE = os.environ.get("BENCH_BASELINE", "")
# comma-separated parts of target names ("directory,alliance"): only those, beside the minimal view
ONLY = [part.strip() for part in os.environ.get("BENCH_ONLY", "").split(",") if part.strip()]
STAFF_EMAIL = "admin@mannheim.example"
# the client on one core, the servers on the others (see above)
_CPUS = sorted(os.sched_getaffinity(0))
PINNED = os.environ.get("BENCH_PIN", "1") == "1" and len(_CPUS) > 1
CLIENT_CPUS, SERVER_CPUS = ({_CPUS[0]}, set(_CPUS[1:])) if PINNED else (set(_CPUS), set(_CPUS))

PUBLIC_GOAL = 4.0
STAFF_GOAL = 6.0


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    goal: float | None = PUBLIC_GOAL
    language: str = ""
    staff: bool = False
    # the municipality's content version moves before every request: remembered pieces are cold
    cold: bool = False
    # every request asks a query string not asked before (see above)
    new_query: bool = False

    @property
    def municipality(self) -> str:
        return self.path.strip("/").split("/")[0]

    @property
    def cpu_key(self) -> str:
        """What the CPU log files this target's requests under (see gunicorn_cpu.conf.py)."""
        if self.cold:
            return f"cold {self.path}"
        return f"new {self.path}" if self.new_query else self.path

    def request_path(self) -> str:
        if not self.new_query:
            return self.path
        return f"{self.path}{'&' if '?' in self.path else '?'}_={next(_QUERIES)}"


_QUERIES = itertools.count(1)


def targets(ids: dict[str, int]) -> list[Target]:
    staff = {"goal": STAFF_GOAL, "staff": True}
    return [
        Target("minimal Django view (ceiling)", "/bench/minimal", goal=None),
        Target("municipality list", "/"),
        Target("start page Mannheim", "/mannheim/"),
        Target("start page Bamberg (Arabic)", "/bamberg/", language="ar"),
        Target("directory", "/mannheim/akteure/"),
        Target("directory, search 'sport'", "/mannheim/akteure/?q=sport"),
        Target("directory, filters", "/mannheim/akteure/?thema=language&sprache=ar"),
        Target("organisation page", f"/mannheim/akteure/{ids['organisation']}/"),
        Target("declaration page", "/mannheim/erklaerungen/mannheimer-erklaerung/"),
        Target("alliance page", "/mannheim/buendnisse/mannheimer-buendnis/"),
        Target("imprint", "/mannheim/impressum/"),
        Target("privacy", "/mannheim/datenschutz/"),
        Target("accessibility statement", "/mannheim/barrierefreiheit/"),
        Target("easy language", "/mannheim/leichte-sprache/"),
        Target("monitoring overview", "/mannheim/monitoring/"),
        Target("indicator page", "/mannheim/monitoring/indikatoren/migrationshintergrund/"),
        Target("bodies list", "/mannheim/gremien/"),
        Target("body page", "/mannheim/gremien/integrationsausschuss/"),
        Target("meeting calendar", "/mannheim/sitzungen/"),
        Target("paper search", "/mannheim/vorlagen/?q=integration"),
        Target("events calendar", "/mannheim/veranstaltungen/"),
        Target("event page", f"/mannheim/veranstaltungen/{ids['event']}/"),
        Target("working group", "/mannheim/arbeitsgruppen/ag-mitreden-im-quartier/"),
        Target("measures catalogue", "/bamberg/massnahmen/"),
        Target("measure page", "/mannheim/massnahmen/M-01/"),
        Target("measures dashboard", "/mannheim/steuerung/"),
        # the first request after a change of the municipality's public data
        Target("cold: start page Mannheim", "/mannheim/", cold=True),
        Target("cold: start page Bamberg (Arabic)", "/bamberg/", language="ar", cold=True),
        Target("cold: monitoring overview", "/mannheim/monitoring/", cold=True),
        Target(
            "cold: indicator page",
            "/mannheim/monitoring/indikatoren/migrationshintergrund/",
            cold=True,
        ),
        Target("cold: measures catalogue", "/bamberg/massnahmen/", cold=True),
        Target("cold: measures dashboard", "/mannheim/steuerung/", cold=True),
        # pages whose content is also remembered per content version (rounds s18-s21)
        Target("cold: directory", "/mannheim/akteure/", cold=True),
        Target("cold: organisation page", f"/mannheim/akteure/{ids['organisation']}/", cold=True),
        Target("cold: meeting calendar", "/mannheim/sitzungen/", cold=True),
        Target("cold: events calendar", "/mannheim/veranstaltungen/", cold=True),
        Target("cold: event page", f"/mannheim/veranstaltungen/{ids['event']}/", cold=True),
        # a search and filters nobody asked before (see above)
        Target("new query: directory search", "/mannheim/akteure/?q=sport", new_query=True),
        Target(
            "new query: directory filters",
            "/mannheim/akteure/?thema=language&sprache=ar",
            new_query=True,
        ),
        Target("new query: paper search", "/mannheim/vorlagen/?q=integration", new_query=True),
        Target("API: 50 organisations", "/api/v1/mannheim/organisations?limit=50"),
        Target("API: alliance members", "/api/v1/mannheim/alliances/mannheimer-buendnis/members"),
        Target("staff: organisation list", "/mannheim/verwaltung/akteure/", **staff),  # type: ignore[arg-type]
        Target("staff: organisation search", "/mannheim/verwaltung/akteure/?q=sport", **staff),  # type: ignore[arg-type]
        Target("staff: contacts", "/mannheim/verwaltung/kontakte/", **staff),  # type: ignore[arg-type]
        Target("staff: contacts, search", "/mannheim/verwaltung/kontakte/?q=a", **staff),  # type: ignore[arg-type]
        Target("staff: signature queue", "/mannheim/verwaltung/unterzeichnungen/", **staff),  # type: ignore[arg-type]
        Target("staff: audit trail", "/mannheim/verwaltung/protokoll/", **staff),  # type: ignore[arg-type]
        # the staff lists of the newer apps, for their figures (issue 6 names the four above)
        Target("staff: bodies", "/mannheim/verwaltung/gremien/", **staff),  # type: ignore[arg-type]
        Target("staff: meetings", "/mannheim/verwaltung/sitzungen/", **staff),  # type: ignore[arg-type]
        Target("staff: papers", "/mannheim/verwaltung/vorlagen/", **staff),  # type: ignore[arg-type]
        Target("staff: events", "/mannheim/verwaltung/veranstaltungen/", **staff),  # type: ignore[arg-type]
        Target("staff: measures", "/mannheim/verwaltung/massnahmen/", **staff),  # type: ignore[arg-type]
    ]


def chosen(plan: list[Target]) -> list[Target]:
    """The minimal view, and the targets BENCH_ONLY names (all when it names none)."""
    return [plan[0]] + [
        target for target in plan[1:] if not ONLY or any(part in target.name for part in ONLY)
    ]


STAFF_SESSION_SCRIPT = """
import json
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope, scopes_disabled
from querschnitt.accounts.models import User
from django.db.models import Count
from querschnitt.core.models import Municipality
from querschnitt.events.models import Event
from querschnitt.network.models import Organisation
from querschnitt.network.services.organisations import organisation_update

with scopes_disabled():
    user = User.objects.get(email={email!r})
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
    session.save()
    # a day of the office's work, so that the audit trail has a page of entries to show
    mannheim = Municipality.objects.get(slug="mannheim")
    with scope(municipality=mannheim):
        for number, changed in enumerate(Organisation.objects.order_by("pk")[:60]):
            organisation_update(organisation=changed, by=user, public_phone=f"0621 {{number}}")
    # the public entry with the most to show: topics, languages, description
    organisation = (
        Organisation.objects.filter(
            municipality__slug="mannheim", status="published", visibility="public"
        )
        .exclude(description={{}})
        .order_by("-pk")
        .first()
    )
    # the published event with the most dates
    event = (
        Event.objects.filter(municipality__slug="mannheim", state=Event.State.PUBLISHED)
        .annotate(count=Count("dates"))
        .order_by("-count", "pk")
        .first()
    )
    print(json.dumps({{
        "session": session.session_key, "organisation": organisation.pk, "event": event.pk
    }}))
"""


def manage(*args: str, env: dict[str, str], root: Path = ROOT) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    ).stdout


def staff_session(env: dict[str, str], root: Path) -> dict[str, str | int]:
    """A session of the demo office administrator, second factor passed, made through Django
    as `django.test.Client.force_login` makes it; and the id of a rich organisation page."""
    script = STAFF_SESSION_SCRIPT.format(email=STAFF_EMAIL)
    output = manage("shell", "-c", script, env=env, root=root)
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


@dataclass
class Server:
    """One checkout served by gunicorn on a port of its own, with its own demo database."""

    label: str
    root: Path
    port: int
    session: str = ""
    plan: list[Target] | None = None
    process: subprocess.Popen[bytes] | None = None
    workdir: Path = Path()
    database: sqlite3.Connection | None = None

    def start(self) -> None:
        workdir = self.workdir = Path(tempfile.mkdtemp(prefix="querschnitt-bench-"))
        print(f"{self.label}: {workdir}", file=sys.stderr)
        env = {
            "BENCH_CPU_LOG": str(workdir / "cpu"),
            **os.environ,
            "QS_VAR_DIR": str(workdir),
            "QS_BENCHMARK_VIEWS": "1",
            "QS_MANIFEST_STATIC": "1",
            "QS_PAGE_CACHE": "1" if PAGE_CACHE else "0",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
        }
        manage("migrate", "--noinput", "-v0", env=env, root=self.root)
        manage("collectstatic", "--noinput", "-v0", env=env, root=self.root)
        manage("load_demo", "--quiet-logins", env=env, root=self.root)
        prepared = staff_session(env, self.root)
        self.session = str(prepared["session"])
        self.plan = chosen(targets({key: int(prepared[key]) for key in ("organisation", "event")}))
        self.process = subprocess.Popen(
            # no control socket: its default path is shared by every gunicorn of the user
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "-c",
                str(ROOT / "bench/gunicorn_cpu.conf.py"),
                "--no-control-socket",
            ],
            cwd=self.root,
            env=env,
            preexec_fn=lambda: os.sched_setaffinity(0, SERVER_CPUS),
            stdout=subprocess.DEVNULL,
            stderr=(workdir / "gunicorn.log").open("wb"),
        )
        wait_until_up(self.port, "/bench/minimal", time.time() + 120)

    def content_changed(self, municipality: str) -> None:
        """Moves the municipality's content version as `municipality_content_changed` does."""
        if self.database is None:
            self.database = sqlite3.connect(
                self.workdir / "bench.sqlite3", timeout=30, isolation_level=None
            )
        changed_at = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        self.database.execute(
            "UPDATE core_municipality SET content_changed_at = ? WHERE slug = ?",
            (changed_at, municipality),
        )

    def forget_cpu_times(self) -> None:
        for log in self.workdir.glob("cpu.*"):
            log.unlink()

    def cpu_times(self) -> dict[str, list[float]]:
        """The CPU seconds of each request since `forget_cpu_times`, by address."""
        found: dict[str, list[float]] = {}
        for log in self.workdir.glob("cpu.*"):
            for line in log.read_text().splitlines():
                address, seconds = line.rsplit("\t", 1)
                found.setdefault(address, []).append(float(seconds))
        return found

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


def wait_until_up(port: int, url_path: str, deadline: float) -> None:
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", url_path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not come up on port {port} (see gunicorn.log)")


def hammer(server: Server, target: Target, headers: dict[str, str], seconds: float) -> list[float]:
    """Requests from CONCURRENCY keep-alive clients (one for a cold target) for `seconds`;
    returns their latencies."""
    port = server.port
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    failures: list[str] = []

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.perf_counter() < stop_at:
            if target.cold:
                server.content_changed(target.municipality)
            started = time.perf_counter()
            connection.request("GET", target.request_path(), headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failures.append(f"{target.path} answered {response.status}")
                return
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(1 if target.cold else CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(failures[0])
    return latencies


def headers_for(target: Target, session: str) -> dict[str, str]:
    headers = {"X-Bench-Target": target.cpu_key} if target.cold or target.new_query else {}
    cookies = []
    if target.language:
        cookies.append(f"qs_language={target.language}")
    if target.staff:
        cookies.append(f"sessionid={session}")
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    return headers


def main() -> None:
    servers = [Server("this tree", ROOT, PORT)]
    if BASELINE:
        servers.insert(0, Server(f"baseline {BASELINE}", Path(BASELINE).resolve(), PORT + 1))
    latencies: dict[str, dict[str, list[float]]] = {server.label: {} for server in servers}
    try:
        for server in servers:
            server.start()
        os.sched_setaffinity(0, CLIENT_CPUS)  # the clients' threads are started from this one
        for server in servers:  # warm up every worker: imports, templates, the database's cache
            assert server.plan is not None
            for target in server.plan:
                headers = headers_for(target, server.session)
                hammer(server, target, headers, 0.5)
                latencies[server.label][target.name] = []
            server.forget_cpu_times()
        for _round in range(ROUNDS):
            for index in range(len(servers[0].plan or [])):
                for server in servers:
                    assert server.plan is not None
                    target = server.plan[index]
                    headers = headers_for(target, server.session)
                    latencies[server.label][target.name] += hammer(
                        server, target, headers, SECONDS_PER_ROUND
                    )
    finally:
        for server in servers:
            server.stop()
    cpu = {
        server.label: {
            target.name: server.cpu_times().get(target.cpu_key, [0.0])
            for target in server.plan or []
        }
        for server in servers
    }
    for server in servers:
        print(f"\n## {server.label}\n")
        report(server.plan or [], latencies[server.label], cpu[server.label])
    if len(servers) == 2:
        print("\n## side by side: median latency (wall) and median CPU time per request\n")
        print(
            "ratio: to the same server's minimal view. CPU time leaves out the waits for a core "
            "on a shared machine; on an idle one, latency is close to it.\n"
        )
        plan = servers[0].plan or []
        before, after = (latencies[server.label] for server in servers)
        cpu_before, cpu_after = (cpu[server.label] for server in servers)
        compare(plan, before, after, cpu_before, cpu_after)


Figures = dict[str, list[float]]


def compare(plan: list[Target], *columns: Figures) -> None:
    """Columns: baseline wall, this tree wall, baseline CPU, this tree CPU."""
    medians = [{name: statistics.median(values) for name, values in c.items()} for c in columns]
    ceiling = plan[0].name
    print(
        "| page | before ms | ratio | after ms | ratio "
        "| before CPU ms | ratio | after CPU ms | ratio | goal |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for target in plan:
        cells = [
            f"{column[target.name] * 1000:.2f} | {column[target.name] / column[ceiling]:.1f}"
            for column in medians
        ]
        goal = f"{target.goal:g}" if target.goal else ""
        print(f"| {target.name} | {' | '.join(cells)} | {goal} |")


def report(plan: list[Target], latencies: Figures, cpu: Figures) -> None:
    elapsed = ROUNDS * SECONDS_PER_ROUND
    ceiling = statistics.median(latencies[plan[0].name])
    print(
        f"gunicorn on {len(SERVER_CPUS)} of {os.cpu_count()} cores (the client on "
        f"{'another' if PINNED else 'the same'}), page cache {'on' if PAGE_CACHE else 'off'}, "
        f"{CONCURRENCY} keep-alive client(s), {ROUNDS} rounds of {SECONDS_PER_ROUND:g} s per "
        "URL, interleaved; ratio = median latency / the minimal view's median latency\n"
    )
    cpu_ceiling = statistics.median(cpu[plan[0].name])
    print(
        f"| {'page':<30} | {'req/s':>6} | {'median ms':>9} | {'p95 ms':>7} | ratio "
        "| CPU ms | ratio | goal |"
    )
    print(f"| {'-' * 30} | {'-' * 5}: | {'-' * 8}: | {'-' * 6}: | ----: | -----: | ----: | ---: |")
    missed = []
    for target in plan:
        values = sorted(latencies[target.name])
        median = statistics.median(values)
        p95 = values[int(len(values) * 0.95)]
        ratio = median / ceiling
        goal = f"{target.goal:g}" if target.goal else ""
        if target.goal is not None and ratio > target.goal:
            missed.append(target.name)
            goal += " ✗"
        cpu_median = statistics.median(cpu[target.name])
        print(
            f"| {target.name:<30} | {len(values) / elapsed:>6.0f} | {median * 1000:>9.2f} "
            f"| {p95 * 1000:>7.2f} | {ratio:>5.1f} | {cpu_median * 1000:>6.2f} "
            f"| {cpu_median / cpu_ceiling:>5.1f} | {goal:>4} |"
        )
    print(
        "\ngoal: public pages and the API ≤ 4, staff pages ≤ 6 times the minimal view: "
        + ("met" if not missed else "NOT met for " + ", ".join(missed))
    )


if __name__ == "__main__":
    main()
