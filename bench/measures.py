"""The catalogue of measures at 100 and at 10,000 measures, each with five years of quarterly
progress reports, measured side by side in one run.

Builds one fresh SQLite database (a temporary file) with a small and a large municipality,
written in bulk: the Bamberg decision path (from the demo plan), six fields of action, a goal
tree of 36 goals, twenty departments, and per measure two goals, a field of action, a budget
line per year and a report per quarter of the last five years (20 reports). Then, in-process
with django.test.Client and the page cache cleared before every request, it requests the same
pages of both municipalities in turn (A, B, A, B …) and prints the median latency, the median
CPU time of the request (the thread's CPU time, as `bench/run.py` records it: it leaves out
the waits for a core on a shared machine), the ratio large/small and the number of queries.
Goal: ratio of the CPU times ≤ 1.5 (✗ marks a page that misses it), equal queries.

Then, once per size: the roll-up of the whole tree (`rollup_compute`, what the task worker
runs after a change), saving one department report (what the person waits for: the roll-up
is only asked for, never waited on), freezing an edition, the edition's PDF and the council
report's HTML and PDF.

PDFs take WeasyPrint's time for every page laid out, which grows with the measures in them (they
are made by the task worker, with their progress shown): the large municipality's edition PDF
is made of its first BENCH_PDF measures (default 1000), its council report PDF only when
BENCH_PDF reaches BENCH_LARGE (its HTML always, in full).

Run: `.venv/bin/python bench/measures.py`. Environment: BENCH_SMALL (default 100),
BENCH_LARGE (10000), BENCH_ROUNDS (15), BENCH_PDF (1000; 0 skips the PDFs), BENCH_DB (a file for
the database, kept and used again by the next run with the same sizes: for trying changes).
"""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SMALL = int(os.environ.get("BENCH_SMALL", "100"))
LARGE = int(os.environ.get("BENCH_LARGE", "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
PDF_LARGE = int(os.environ.get("BENCH_PDF", "1000"))
KEEP = os.environ.get("BENCH_DB", "")
YEARS = 5
BATCH = 2000

PUBLIC = {
    "catalogue (public)": "/{slug}/massnahmen/",
    "catalogue, page 2 (public)": "/{slug}/massnahmen/?page=2",
    # the small city's field has 17 measures, the large one's fills a page of 50
    "catalogue, one field (public)": "/{slug}/massnahmen/?handlungsfeld=hf-3",
    "dashboard (public)": "/{slug}/steuerung/",
    "weights CSV (a line per measure)": "/{slug}/steuerung/gewichte.csv",
    "measure page (public)": "/{slug}/massnahmen/m-00042/",
}
# exports of the whole catalogue: their size grows with it by nature (no goal for the ratio)
GROWING = {"weights CSV (a line per measure)"}
STAFF = {
    "staff: measure list": "/{slug}/verwaltung/massnahmen/",
    "staff: measure list, filtered": "/{slug}/verwaltung/massnahmen/?state=umsetzung&page=2",
    "staff: controlling": "/{slug}/verwaltung/massnahmen/steuerung/",
    "staff: reports of one department": "/{slug}/verwaltung/massnahmen/berichte/?department={dep}",
    "staff: inventory": "/{slug}/verwaltung/massnahmen/bestandsaufnahme/",
}


def setup(workdir: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{KEEP or workdir + '/bench-measures.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "querschnitt.settings"
    os.environ["QS_ALLOWED_HOSTS"] = "testserver"
    os.environ["QS_VAR_DIR"] = workdir
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def quarters(today: date) -> list[tuple[date, date]]:
    """The last YEARS × 4 whole quarters before today's, oldest first."""
    from querschnitt.measures.periods import quarter_of

    found = []
    period = quarter_of(today)
    for _n in range(YEARS * 4):
        period = quarter_of(period.start - timedelta(days=1))
        found.append((period.start, period.end))
    return found[::-1]


def build(slug: str, count: int) -> dict[str, Any]:
    """A municipality with `count` measures in the catalogue and their reports, in bulk."""
    from django.db import transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from querschnitt.core.models import Department, Municipality
    from querschnitt.measures import demo_plan
    from querschnitt.measures.models import (
        BudgetLine,
        Measure,
        MeasureState,
        ProgressReport,
    )
    from querschnitt.strategy.models import FieldOfAction, Goal

    today = timezone.localdate()
    periods = quarters(today)
    with scopes_disabled(), transaction.atomic():
        m = Municipality.objects.create(
            slug=slug,
            name=f"Musterstadt {slug}",
            ags=f"{9_200_000 + sum(map(ord, slug)):08d}",
            state="BY",
            office_name="Integrationsbüro",
        )
        states = {
            s.key: s
            for s in MeasureState.objects.bulk_create(
                MeasureState(
                    municipality=m,
                    key=s.key,
                    name={"de": s.de, "en": s.en},
                    position=n,
                    is_initial=s.initial,
                    in_catalogue=s.catalogue,
                    is_public=s.public,
                    reporting=s.reporting,
                    is_closed=s.closed,
                    default_progress=s.default,
                )
                for n, s in enumerate(demo_plan.BAMBERG_STATES)
            )
        }
        running = states["umsetzung"]
        adopted = states["beschlossen"]
        fields = FieldOfAction.objects.bulk_create(
            FieldOfAction(
                municipality=m, key=f"hf-{n}", name={"de": f"Handlungsfeld {n}"}, position=n
            )
            for n in range(6)
        )
        strategic = Goal.objects.bulk_create(
            Goal(
                municipality=m,
                level=Goal.Level.STRATEGIC,
                key=f"z-{n}",
                title={"de": f"Strategisches Ziel {n}"},
                position=n,
            )
            for n in range(6)
        )
        operational = Goal.objects.bulk_create(
            Goal(
                municipality=m,
                parent=strategic[n // 5],
                level=Goal.Level.OPERATIONAL,
                key=f"z-{n // 5}-{n % 5}",
                title={"de": f"Operatives Ziel {n // 5}.{n % 5}"},
                position=n,
            )
            for n in range(30)
        )
        Goal.fields_of_action.through.objects.bulk_create(
            Goal.fields_of_action.through(goal_id=g.pk, fieldofaction_id=fields[n].pk)
            for n, g in enumerate(strategic)
        )
        departments = Department.objects.bulk_create(
            Department(municipality=m, name=f"Fachbereich {n:02d}", short_name=f"FB {n:02d}")
            for n in range(20)
        )
        since = periods[0][0]
        made = 0
        while made < count:
            size = min(BATCH, count - made)
            measures = Measure.objects.bulk_create(
                Measure(
                    municipality=m,
                    key=f"m-{made + n:05d}",
                    title={"de": f"Maßnahme {made + n}", "tr": f"Önlem {made + n}"},
                    description={"de": "Beratung, Kurse und Begleitung im Stadtteil."},
                    state=running if (made + n) % 5 else adopted,
                    state_since=since,
                    lead_department=departments[(made + n) % 20],
                    reporting_since=since,
                    # every fourth owes the last quarter's report
                    reports_complete_until=periods[-1 - ((made + n) % 4 == 0)][1],
                    reported_progress=(made + n) % 101,
                    reported_status=Measure.Status.ON_TRACK,
                    weight=None if (made + n) % 3 else Decimal(2),
                    start_date=since,
                    proposed_on=since,
                )
                for n in range(size)
            )
            served: Any = Measure.goals.through
            served.objects.bulk_create(
                served(measure_id=x.pk, goal_id=operational[(made + n + k * 7) % 30].pk)
                for n, x in enumerate(measures)
                for k in range(2)
            )
            Measure.fields_of_action.through.objects.bulk_create(
                Measure.fields_of_action.through(
                    measure_id=x.pk, fieldofaction_id=fields[(made + n) % 6].pk
                )
                for n, x in enumerate(measures)
            )
            BudgetLine.objects.bulk_create(
                BudgetLine(
                    municipality=m,
                    measure=x,
                    year=year,
                    planned=Decimal(10_000),
                    spent=Decimal(2_500 + (made + n) % 5000),
                )
                for n, x in enumerate(measures)
                for year in range(today.year - YEARS, today.year + 1)
            )
            ProgressReport.objects.bulk_create(
                (
                    ProgressReport(
                        municipality=m,
                        measure=x,
                        period_start=start,
                        period_end=end,
                        department=departments[(made + n) % 20],
                        progress=min(100, q * 5 + (made + n) % 7),
                        status=Measure.Status.ON_TRACK,
                        budget_spent=Decimal(100 * q),
                    )
                    for n, x in enumerate(measures)
                    for q, (start, end) in enumerate(periods)
                    if q < len(periods) - 1 or (made + n) % 4
                ),
                batch_size=BATCH,
            )
            made += size
    return {"municipality": m, "department": departments[3].pk}


def built(slug: str) -> dict[str, Any] | None:
    """The municipality of an earlier run kept in BENCH_DB, made ready to be measured again."""
    from django.db import connection
    from django_scopes import scopes_disabled

    from querschnitt.accounts.models import User
    from querschnitt.core.models import Department, Municipality
    from querschnitt.measures.frozen import create_triggers, drop_triggers
    from querschnitt.measures.models import (
        Catalogue,
        CatalogueDocument,
        CatalogueEntry,
        CouncilReport,
    )

    with scopes_disabled():
        m = Municipality.objects.filter(slug=slug).first()
        if m is None:
            return None
        User.objects.filter(email=f"buero@{slug}.example").delete()
        CouncilReport.objects.filter(municipality=m).delete()
        drop_triggers(connection)
        CatalogueDocument.objects.filter(municipality=m).delete()
        CatalogueEntry.objects.filter(municipality=m).delete()
        Catalogue.objects.filter(municipality=m).update(previous=None)
        Catalogue.objects.filter(municipality=m).delete()
        create_triggers(connection)
        department = Department.objects.filter(municipality=m).order_by("pk")[3]
    return {"municipality": m, "department": department.pk}


def request(client: Any, path: str) -> tuple[float, float, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from querschnitt.core import selectors

    cache.clear()
    selectors._recent.clear()
    with CaptureQueriesContext(connection) as queries:
        wall, cpu = time.perf_counter(), time.thread_time()
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
    assert response.status_code == 200, (path, response.status_code, body[:300])
    return wall, cpu, len(queries)


def timed(action: Callable[[], Any]) -> tuple[float, float, int, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        wall, cpu = time.perf_counter(), time.thread_time()
        result = action()
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
    return wall, cpu, len(queries), result


def office_client(slug: str) -> Any:
    """A signed-in office administrator of the municipality, second factor passed."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_scopes import scopes_disabled

    from querschnitt.accounts.models import Role, RoleAssignment, User
    from querschnitt.core.models import Municipality

    with scopes_disabled():
        municipality = Municipality.objects.get(slug=slug)
        user = User.objects.create_user(email=f"buero@{slug}.example", password="x" * 20)
        RoleAssignment.objects.create(user=user, municipality=municipality, role=Role.OFFICE_ADMIN)
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def side_by_side(clients: dict[str, Any], pages: dict[str, str], deps: dict[str, int]) -> None:
    results: dict[str, dict[str, list[tuple[float, float, int]]]] = {s: {} for s in clients}
    for pattern in pages.values():  # warm up: imports, templates, the database's cache
        for slug, client in clients.items():
            request(client, pattern.format(slug=slug, dep=deps[slug]))
    for _round in range(ROUNDS):
        for name, pattern in pages.items():
            for slug, client in clients.items():
                path = pattern.format(slug=slug, dep=deps[slug])
                results[slug].setdefault(name, []).append(request(client, path))
    small, large = clients
    print(
        f"\n{'page':36} {'ms ' + format(SMALL, ','):>11} {'ms ' + format(LARGE, ','):>11} "
        f"ratio {'CPU ' + format(SMALL, ','):>10} {'CPU ' + format(LARGE, ','):>11} ratio  queries"
    )
    for name in pages:
        figures = []
        for slug in (small, large):
            runs = results[slug][name]
            figures.append(
                (
                    statistics.median(r[0] for r in runs) * 1000,
                    statistics.median(r[1] for r in runs) * 1000,
                    sorted({r[2] for r in runs}),
                )
            )
        (ws, cs, qs), (wl, cl, ql) = figures
        # the goal on CPU time: the wall time waits for a core on a shared machine
        grows = name in GROWING
        flag = "" if (grows or cl / cs <= 1.5) and qs == ql else "  ✗"
        print(
            f"{name:36} {ws:9.1f}ms {wl:9.1f}ms {wl / ws:5.2f} {cs:8.1f}ms {cl:9.1f}ms "
            f"{cl / cs:5.2f}  {qs} {ql}{flag}"
        )


def once(slug: str, data: dict[str, Any], pdf_measures: int) -> dict[str, str]:
    """The roll-up, saving a report, freezing an edition and the documents, for one size."""
    from django.utils import timezone
    from django_scopes import scope

    from querschnitt.accounts.models import User
    from querschnitt.measures.documents import (
        council_report_html,
        council_report_pdf,
        edition_pdf,
    )
    from querschnitt.measures.models import CouncilReport, Measure
    from querschnitt.measures.periods import quarter_of
    from querschnitt.measures.services.catalogues import catalogue_freeze
    from querschnitt.measures.services.reports import report_save
    from querschnitt.measures.services.rollups import rollup_compute

    m = data["municipality"]
    figures: dict[str, str] = {}

    def show(label: str, wall: float, cpu: float, queries: int) -> None:
        figures[label] = f"{wall * 1000:9.0f}ms {cpu * 1000:9.0f}ms {queries:>8}"

    user = User.objects.get(email=f"buero@{slug}.example")
    today = timezone.localdate()
    with scope(municipality=m):
        show("roll-up of the whole tree", *timed(lambda: rollup_compute(municipality=m))[:3])
        measure = Measure.objects.select_related("state", "municipality").get(
            municipality=m, key="m-00042"
        )
        period = quarter_of(quarter_of(today).start - timedelta(days=1))

        def save(progress: int) -> Any:
            return report_save(
                measure=measure,
                period=period,
                by=user,
                department=measure.lead_department,
                progress=progress,
                status=Measure.Status.ON_TRACK,
                budget_spent=Decimal(1234),
                today=today,
            )

        saves = [timed(partial(save, progress)) for progress in (61, 62, 63, 64, 65)]
        show(
            "saving one report (median of 5)",
            statistics.median(s[0] for s in saves),
            statistics.median(s[1] for s in saves),
            saves[-1][2],
        )
        wall, cpu, queries, catalogue = timed(
            lambda: catalogue_freeze(municipality=m, by=user, year=today.year, as_of=today)
        )
        show(f"freezing an edition ({catalogue.measures_count:,} measures)", wall, cpu, queries)
        if pdf_measures:
            edition = catalogue
            if pdf_measures < catalogue.measures_count:
                first = list(Measure.objects.filter(municipality=m).order_by("key")[:pdf_measures])
                edition = catalogue_freeze(
                    municipality=m,
                    by=user,
                    year=today.year,
                    as_of=today - timedelta(days=1),
                    measures=first,
                )
            wall, cpu, queries, pdf = timed(lambda: edition_pdf(edition))
            label = f"edition PDF, {edition.measures_count:,} measures ({len(pdf) / 1e6:.1f} MB)"
            show(label, wall, cpu, queries)
        report = CouncilReport.objects.create(
            municipality=m, year=today.year - 1, title="Ratsbericht", created_by=user
        )
        wall, cpu, queries, html = timed(lambda: council_report_html(report))
        show("council report HTML", wall, cpu, queries)
        if pdf_measures and pdf_measures >= catalogue.measures_count:
            wall, cpu, queries, pdf = timed(lambda: council_report_pdf(html))
            show(f"council report PDF ({len(pdf) / 1e6:.1f} MB)", wall, cpu, queries)
    return figures


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-measures-") as workdir:
        setup(workdir)
        started = time.perf_counter()
        sizes = {"klein": SMALL, "gross": LARGE}
        data = {slug: built(slug) or build(slug, count) for slug, count in sizes.items()}
        reports = sum(sizes.values()) * YEARS * 4
        print(
            f"built {sum(sizes.values()):,} measures and {reports:,} reports "
            f"in {time.perf_counter() - started:.0f} s"
        )
        clients = {slug: office_client(slug) for slug in sizes}
        from django.test import Client
        from django_scopes import scope

        from querschnitt.measures.services.rollups import rollup_compute

        for slug in sizes:
            with scope(municipality=data[slug]["municipality"]):
                rollup_compute(municipality=data[slug]["municipality"])
        deps = {slug: data[slug]["department"] for slug in sizes}
        anonymous = Client()
        side_by_side(dict.fromkeys(sizes, anonymous), PUBLIC, deps)
        side_by_side(clients, STAFF, deps)
        print(f"\n{'once per size':44} {'wall':>11} {'CPU':>11} {'queries':>8}")
        for slug, count in sizes.items():
            for label, line in once(slug, data[slug], min(PDF_LARGE, count)).items():
                print(f"{count:>7,}  {label:36}{line}")


if __name__ == "__main__":
    main()
