"""The deployment of docs/deployment.md, proven: PostgreSQL, Redis as the shared cache, two
gunicorn servers (A and B) and the task worker, each its own process as in production.

- A page cached by one server is the page the other serves; a change saved through A shows
  at once on B's public pages (the page cache and the memory of municipality rows).
- A session started on A works on B.
- A mailing started on A is sent by the worker, each e-mail exactly once (file mail backend).
- Killing A with SIGKILL in the middle of an import leaves nothing of it in the database,
  and the e-mail queued before is still sent, once; the same import then applies through B.

Run by `make test-deployment` inside pg_virtualenv; skipped without PostgreSQL. The servers
use the test database that pytest-django created (migrated, demo loaded), on free loopback
ports from DEPLOYMENT_TEST_PORTS (default 8200-8299).
"""

import http.client
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django_scopes import scopes_disabled

from conftest import demo_totp_code

# django_db: so that pytest-django creates the test database; the test's own transaction
# reads what the servers commit (read committed) and writes nothing.
pytestmark = [
    pytest.mark.deployment,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the deployment proof needs PostgreSQL: make test-deployment",
    ),
]

ROOT = Path(__file__).resolve().parents[4]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
STAFF = "team@mannheim.example"
PASSWORD = "Querschnitt-Demo-2026"
TIMEOUT = 30.0
# a server is up once its workers have loaded Django and warmed up (core/warm_up.py): seconds
# on a quiet machine, much longer on a loaded one
STARTUP_TIMEOUT = 120.0


def wait_for[T](what: str, check: Callable[[], T | None], timeout: float = TIMEOUT) -> T:
    """Poll until `check` gives something truthy; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def free_ports(count: int) -> list[int]:
    """Free loopback ports from DEPLOYMENT_TEST_PORTS, tried from a random place in the range
    so that two runs on one machine (two checkouts) do not both take its first ports."""
    first, last = (int(p) for p in os.environ.get("DEPLOYMENT_TEST_PORTS", "8200-8299").split("-"))
    candidates = list(range(first, last + 1))
    start = secrets.randbelow(len(candidates))
    ports = []
    for port in candidates[start:] + candidates[:start]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    pytest.fail(f"no {count} free ports in {first}-{last}")


# --- a small browser: cookies shared between servers, redirects not followed ---------------


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str


@dataclass
class Browser:
    """Cookies belong to the host, not the port: like a load balancer in front of A and B."""

    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def request(self, url: str, data: bytes | None = None, headers: dict | None = None) -> Response:
        request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(request, timeout=TIMEOUT) as answer:
                return Response(answer.status, dict(answer.headers), answer.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read().decode())

    def get(self, url: str) -> Response:
        return self.request(url)

    def post(self, url: str, fields: dict[str, Any], files: dict | None = None) -> Response:
        token = self.csrf_token(url)
        fields = {"csrfmiddlewaretoken": token, **fields}
        if not files:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            body, kind = multipart(fields, files)
        return self.request(url, body, {"Content-Type": kind, "Referer": url})

    def csrf_token(self, url: str) -> str:
        page = self.get(url)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, f"no form at {url} ({page.status})"
        return match.group(1)


def multipart(fields: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    for name, (file_name, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{file_name}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- the deployment -------------------------------------------------------------------------


@dataclass
class Deployment:
    a: str
    b: str
    redis_url: str
    mail_dir: Path
    logs: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def kill(self, name: str) -> None:
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait(timeout=TIMEOUT)

    def signal(self, name: str, number: int) -> None:
        os.killpg(self.processes[name].pid, number)

    def mails(self) -> list[str]:
        """Every e-mail the worker delivered, as text (the file backend separates them)."""
        messages: list[str] = []
        for path in sorted(self.mail_dir.glob("*.log")):
            messages += [m for m in path.read_text().split("-" * 79) if m.strip()]
        return messages


def start(name: str, command: list[str], env: dict[str, str], logs: Path) -> subprocess.Popen:
    log = (logs / f"{name}.log").open("wb")
    return subprocess.Popen(  # noqa: S603 (our own commands)
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGCONT)  # a paused worker must hear the TERM
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
    except ProcessLookupError:
        pass


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:  # noqa: S310
            return answer.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def database(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The test database, demo loaded, used in autocommit from here; its name."""
    with django_db_blocker.unblock():
        from querschnitt.accounts.models import User

        # The suite hashes passwords with a fast hasher the servers do not accept.
        with override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
        ):
            user = User.objects.get(email=STAFF)
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        yield str(connection.settings_dict["NAME"])


@pytest.fixture(scope="module")
def deployment(database: str) -> Iterator[Deployment]:
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is missing: make system-packages installs it")
    workdir = Path(tempfile.mkdtemp(prefix="querschnitt-deployment-"))
    redis_port, port_a, port_b = free_ports(3)
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres:///{database}",
        "QS_VAR_DIR": str(workdir),
        "QS_CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
        "QS_CACHE_LOCATION": redis_url,
        "QS_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "QS_SECRET_KEY": secrets.token_urlsafe(50),
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "2",
        "PYTHONWARNINGS": "ignore",
    }
    # TZ: Django in this process set it; a server starts without it, as in production
    for name in ("DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER", "TZ"):
        env.pop(name, None)
    found = Deployment(
        a=f"http://127.0.0.1:{port_a}",
        b=f"http://127.0.0.1:{port_b}",
        redis_url=redis_url,
        mail_dir=workdir / "mail",
        logs=workdir,
    )
    started = time.monotonic()
    try:
        found.processes["redis"] = start(
            "redis",
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(workdir)],
            env,
            workdir,
        )  # fmt: skip
        for name, port in (("a", port_a), ("b", port_b)):
            found.processes[name] = start(
                name,
                [GUNICORN, "-c", "deploy/gunicorn.conf.py"],
                env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "PGAPPNAME": f"server-{name}"},
                workdir,
            )
        found.processes["worker"] = start(
            "worker",
            [PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.1",
             "--no-reload", "--no-startup-delay", "--worker-id", "deployment-test"],
            env | {"PGAPPNAME": "worker"},
            workdir,
        )  # fmt: skip
        import redis

        wait_for("Redis", lambda: redis_ping(redis_url))
        wait_for("server A", lambda: healthy(found.a), STARTUP_TIMEOUT)
        wait_for("server B", lambda: healthy(found.b), STARTUP_TIMEOUT)
        print(f"\ndeployment up in {time.monotonic() - started:.1f} s", file=sys.stderr)
        del redis
        yield found
    finally:
        for process in reversed(found.processes.values()):
            stop(process)
        for log in sorted(workdir.glob("*.log")):
            tail = log.read_text(errors="replace")[-3000:]
            if "Traceback" in tail:
                print(f"\n--- {log.name} ---\n{tail}", file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)


def redis_ping(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.RedisError:
        return False


# --- helpers that read the database the servers write ---------------------------------------


def sign_in(browser: Browser, server: str) -> None:
    signin = f"{server}/mannheim/konto/anmelden/"
    answer = browser.post(signin, {"username": STAFF, "password": PASSWORD})
    assert answer.status == 302, answer.status
    second = urllib.parse.urljoin(signin, answer.headers["Location"])
    answer = browser.post(second, {"token": demo_totp_code(STAFF)})
    assert answer.status == 302, answer.text[:500]


def upload(browser: Browser, server: str, name: str, content: bytes) -> str:
    answer = browser.post(
        f"{server}/mannheim/verwaltung/import/", {}, files={"file": (name, content)}
    )
    assert answer.status == 302, answer.text[:2000]
    return urllib.parse.urljoin(server, answer.headers["Location"])


def import_file(names: list[str]) -> bytes:
    lines = ["Name;PLZ;Ort"] + [f"{name};68159;Mannheim" for name in names]
    return ("\r\n".join(lines) + "\r\n").encode()


def organisations_named(prefix: str) -> int:
    from querschnitt.network.models import Organisation

    with scopes_disabled():
        return Organisation.objects.filter(name__startswith=prefix).count()


def run_state(url: str) -> str:
    from querschnitt.network.models import ImportRun

    pk = int(url.rstrip("/").rsplit("/", 1)[1])
    with scopes_disabled():
        return ImportRun.objects.get(pk=pk).state


# --- the proof -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def staff(deployment: Deployment) -> Browser:
    """Signed in on A once: a TOTP code counts once, so a second sign-in could wait 30 s."""
    browser = Browser()
    sign_in(browser, deployment.a)
    return browser


def test_two_servers_share_cache_and_sessions_and_changes_show_at_once(
    deployment: Deployment, staff: Browser
) -> None:
    import redis

    cache = redis.Redis.from_url(deployment.redis_url)
    visitor = Browser()  # anonymous, no cookies sent
    first = visitor.get(f"{deployment.a}/mannheim/")
    assert first.status == 200
    cached = set(cache.keys("*public-page*"))
    assert cached, "server A stored the page in Redis"
    second = visitor.get(f"{deployment.b}/mannheim/")
    assert second.text == first.text
    assert set(cache.keys("*public-page*")) == cached, "server B served A's cached page"

    on_b = staff.get(f"{deployment.b}/mannheim/verwaltung/")
    assert on_b.status == 200, "the session started on A works on B"
    assert "/mannheim/konto/abmelden/" in on_b.text

    # B's processes have just read the municipality and cached the imprint; the change
    # through A must show at once, not when B's memory of the municipality runs out.
    edit = f"{deployment.a}/mannheim/verwaltung/seiten/impressum/"
    token = staff.csrf_token(edit)
    for _ in range(4):  # on both of B's processes
        assert "Deployment-Probe" not in visitor.get(f"{deployment.b}/mannheim/impressum/").text
    probe = f"Deployment-Probe {secrets.token_hex(4)}"
    saved = staff.request(
        edit,
        urllib.parse.urlencode({"csrfmiddlewaretoken": token, "body_de": probe}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Referer": edit},
    )
    assert saved.status == 302
    assert probe in visitor.get(f"{deployment.b}/mannheim/impressum/").text

    names = [f"000 Verbundverein {n} {secrets.token_hex(3)}" for n in range(3)]
    preview = upload(staff, deployment.a, "verbund.csv", import_file(names))
    for _ in range(4):
        visitor.get(f"{deployment.b}/mannheim/akteure/")
    assert staff.post(preview, {"action": "apply"}).status == 302
    directory = visitor.get(f"{deployment.b}/mannheim/akteure/").text
    assert all(name in directory for name in names)

    # the master's lines and the workers' carry one offset (gunicorn logs in local time)
    for server in ("a", "b"):
        log = (deployment.logs / f"{server}.log").read_text(errors="replace")
        offsets = set(re.findall(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ([+-]\d{4})\]", log, re.M))
        assert len(offsets) == 1, f"server {server} logs with {sorted(offsets)}"


def test_killing_a_server_mid_import_leaves_nothing_half_done_and_loses_no_mail(
    deployment: Deployment, database: str, staff: Browser
) -> None:
    import psycopg

    from querschnitt.network.models import Mailing

    # The worker pauses, so that the mailing is still queued when A dies.
    deployment.signal("worker", signal.SIGSTOP)
    subject = f"Deployment mailing {secrets.token_hex(4)}"
    form = staff.get(f"{deployment.a}/mannheim/verwaltung/rundschreiben/neu/").text
    kinds = sorted(set(re.findall(r'name="kinds" value="([^"]+)"', form)))
    assert kinds
    draft = staff.post(
        f"{deployment.a}/mannheim/verwaltung/rundschreiben/neu/",
        {"subject": subject, "body": "Zum Netzwerktreffen.", "kinds": kinds, "action": "save"},
    )
    assert draft.status == 302, draft.text[:2000]
    mailing_url = urllib.parse.urljoin(deployment.a, draft.headers["Location"])
    assert staff.post(mailing_url, {"action": "send", "bestaetigt": "1"}).status == 302
    with scopes_disabled():
        mailing = Mailing.objects.get(subject=subject)
        recipients = sorted(mailing.recipients.values_list("email", flat=True))
    assert mailing.state == Mailing.State.SENDING
    assert recipients

    prefix = f"000 Abbruchverein {secrets.token_hex(3)}"
    preview = upload(
        staff, deployment.a, "abbruch.csv", import_file([f"{prefix} {n}" for n in range(40)])
    )

    # The test holds the municipality row, which the import updates last of all: A's
    # transaction writes every organisation and then waits, in the middle of the import.
    # pg_stat_activity is a snapshot per transaction: watched from a connection of its own.
    monitor = psycopg.connect(dbname=database, autocommit=True)
    holder = psycopg.connect(dbname=database, autocommit=False)
    try:
        holder.execute("SELECT id FROM core_municipality WHERE slug = 'mannheim' FOR NO KEY UPDATE")
        outcome: dict[str, Any] = {}

        def apply_on_a() -> None:
            try:
                outcome["response"] = staff.post(preview, {"action": "apply"})
            except (OSError, http.client.HTTPException) as error:  # A dies under the request
                outcome["error"] = error

        request = threading.Thread(target=apply_on_a)
        request.start()

        def server_a_waits() -> int | None:
            row = monitor.execute(
                "SELECT pid FROM pg_stat_activity "
                "WHERE application_name = 'server-a' AND wait_event_type = 'Lock'"
            ).fetchone()
            return row[0] if row else None

        backend = wait_for("A's import to reach the municipality row", server_a_waits)
        deployment.kill("a")
    finally:
        holder.rollback()
        holder.close()
    request.join(timeout=TIMEOUT)
    assert "response" not in outcome, "A answered although it was killed"

    def backend_gone() -> bool:
        row = monitor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend])
        return row.fetchone() == (0,)

    wait_for("PostgreSQL to roll back A's transaction", backend_gone)
    monitor.close()
    assert organisations_named(prefix) == 0, "nothing of the import is left"
    assert run_state(preview) == "preview"

    # The queued mailing survives A and is sent by the worker, each e-mail once.
    deployment.signal("worker", signal.SIGCONT)

    def sent() -> bool:
        with scopes_disabled():
            return Mailing.objects.get(pk=mailing.pk).state == Mailing.State.SENT

    wait_for("the worker to send the mailing", sent)
    delivered = [m for m in deployment.mails() if f"Subject: {subject}" in m]
    addresses = sorted(re.search(r"^To: (.+)$", m, re.M).group(1) for m in delivered)  # type: ignore[union-attr]
    assert addresses == recipients

    # The interrupted import applies whole through B.
    assert (
        staff.post(preview.replace(deployment.a, deployment.b), {"action": "apply"}).status == 302
    )
    assert organisations_named(prefix) == 40
    assert run_state(preview) == "applied"
