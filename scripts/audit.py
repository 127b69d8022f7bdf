"""`make audit`: Lighthouse over every public page type of the demo, in German and Arabic.

Serves the demo with gunicorn as `make run` does (a fresh SQLite database in a temporary
directory, hashed and compressed static files), runs Lighthouse from npm (installed once under
`var/audit/`) with Debian's Chromium and the mobile preset, and prints the four scores and the
largest contentful paint per page and language. A report, not a test: the scores of the
performance category vary by a few points from run to run on a busy machine.

Variables: AUDIT_PORT (default 8580), AUDIT_LIGHTHOUSE (the npm version, default below),
CHROME_PATH (default /usr/bin/chromium), AUDIT_ONLY (substrings separated by spaces: audit only
the paths that hold one), AUDIT_LANGUAGES (default "de ar").
"""

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("AUDIT_PORT", "8580"))
LIGHTHOUSE_VERSION = os.environ.get("AUDIT_LIGHTHOUSE", "13.5.0")
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-background-networking --disable-component-update"
)
LANGUAGES = os.environ.get("AUDIT_LANGUAGES", "de ar").split()
AUDIT_DIR = ROOT / "var" / "audit"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

# One address per public page type; a placeholder such as "{organisation}" is filled in with
# the first address of its kind on a list page (FIND below).
PAGES = [
    ("municipalities", "/"),
    ("platform page", "/impressum/"),
    ("start page", "/mannheim/"),
    ("start page (Bamberg)", "/bamberg/"),
    ("directory", "/mannheim/akteure/"),
    ("directory search", "/mannheim/akteure/?q=Sprachkurs"),
    ("directory, nothing found", "/mannheim/akteure/?q=Xylofonwerkstatt"),
    ("organisation", "{organisation}"),
    ("entry request", "/mannheim/akteure/eintragen/"),
    ("declaration", "/mannheim/erklaerungen/mannheimer-erklaerung/"),
    ("sign", "/mannheim/erklaerungen/mannheimer-erklaerung/unterzeichnen/"),
    ("alliance", "/mannheim/buendnisse/mannheimer-buendnis/"),
    ("accessibility statement", "/mannheim/barrierefreiheit/"),
    ("report a barrier", "/mannheim/barrierefreiheit/rueckmeldung/"),
    ("easy language", "/mannheim/leichte-sprache/"),
    ("bodies", "/mannheim/gremien/"),
    ("body", "{body}"),
    ("meeting calendar", "/mannheim/sitzungen/"),
    ("meeting", "{meeting}"),
    ("paper search", "/mannheim/vorlagen/"),
    ("paper", "{paper}"),
    ("news by e-mail", "/mannheim/abonnieren/?gremium=migrationsbeirat"),
    ("monitoring", "/mannheim/monitoring/"),
    ("indicator", "{indicator}"),
    ("districts", "/mannheim/monitoring/gebiete/"),
    ("district profile", "{area}"),
    ("segregation", "/mannheim/monitoring/segregation/"),
    ("monitoring method", "/mannheim/monitoring/methode/"),
    ("integration reports", "/mannheim/monitoring/berichte/"),
]
# placeholder: (the list page to read, the pattern of the address, the address if none is found)
FIND = {
    "organisation": ("/mannheim/akteure/", r"/mannheim/akteure/\d+/", "/mannheim/akteure/1/"),
    "body": ("/mannheim/gremien/", r"/mannheim/gremien/[\w-]+/", "/mannheim/gremien/"),
    # the body's page lists its coming and its past meetings; a month may have none
    "meeting": (
        "/mannheim/gremien/migrationsbeirat/",
        r"/mannheim/sitzungen/\d+/",
        "/mannheim/sitzungen/",
    ),
    "paper": ("/mannheim/vorlagen/", r"/mannheim/vorlagen/\d+/", "/mannheim/vorlagen/"),
    "indicator": (
        "/mannheim/monitoring/",
        r"/mannheim/monitoring/indikatoren/[\w-]+/",
        "/mannheim/monitoring/",
    ),
    "area": (
        "/mannheim/monitoring/gebiete/",
        r"/mannheim/monitoring/gebiete/[\w-]+/",
        "/mannheim/monitoring/gebiete/",
    ),
}


def page_addresses(read: Callable[[str], str]) -> list[tuple[str, str]]:
    """PAGES with their placeholders filled in from the list pages that `read` returns."""
    found = {}
    for placeholder, (listing, pattern, fallback) in FIND.items():
        match = re.search(f'href="({pattern})"', read(listing))
        found[placeholder] = match.group(1) if match else fallback
    return [(name, path.format(**found)) for name, path in PAGES]


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def get(path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


def wait_until_up(deadline: float) -> None:
    while time.time() < deadline:
        try:
            if get("/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not come up")


def lighthouse_cli() -> Path:
    """Lighthouse from npm, installed once under var/audit/ at the pinned version."""
    cli = AUDIT_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    installed = AUDIT_DIR / "node_modules" / "lighthouse" / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == LIGHTHOUSE_VERSION:
        return cli
    if shutil.which("npm") is None:
        sys.exit("make audit needs Node.js and npm (Debian: apt-get install nodejs npm)")
    AUDIT_DIR.mkdir(parents=True, exist_ok=True)
    (AUDIT_DIR / "package.json").write_text('{"private": true}\n')
    subprocess.run(
        [
            "npm",
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        cwd=AUDIT_DIR,
        check=True,
    )
    return cli


def audit(cli: Path, url: str, language: str, report: Path) -> dict[str, Any]:
    """The scores of one page; Lighthouse sometimes loses its trace (NO_NAVSTART): retried."""
    for attempt in range(3):
        try:
            return audit_once(cli, url, language, report)
        except subprocess.CalledProcessError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def audit_once(cli: Path, url: str, language: str, report: Path) -> dict[str, Any]:
    # Its own process group, so that an interrupted audit leaves no Chromium behind.
    process = subprocess.Popen(
        [
            "node",
            str(cli),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--locale={'de' if language == 'de' else 'en'}",
            "--extra-headers",
            json.dumps({"Cookie": f"qs_language={language}"}),
        ],
        env={**os.environ, "CHROME_PATH": CHROME_PATH},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        returncode = process.wait(timeout=300)
    except BaseException:
        os.killpg(process.pid, signal.SIGTERM)
        raise
    if returncode:
        raise subprocess.CalledProcessError(returncode, "lighthouse")
    result = json.loads(report.read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    lcp = result["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    failed = sorted(
        audit_id
        for category in CATEGORIES[1:]
        for ref in result["categories"][category]["auditRefs"]
        if ref["weight"]
        and (audit_id := ref["id"])
        and result["audits"][audit_id]["score"] not in (None, 1)
    )
    return {**scores, "lcp": lcp, "failed": failed}


def stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, stop)
    cli = lighthouse_cli()
    workdir = Path(tempfile.mkdtemp(prefix="querschnitt-audit-"))
    env = {
        **os.environ,
        "QS_VAR_DIR": str(workdir),
        "QS_MANIFEST_STATIC": "1",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": "2",
        "DATABASE_URL": f"sqlite:///{workdir}/audit.sqlite3",
    }
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("load_demo", "--quiet-logins", env=env)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    only = os.environ.get("AUDIT_ONLY", "").split()
    try:
        wait_until_up(time.time() + 60)
        pages = page_addresses(lambda path: get(path)[1])
        print(
            f"Lighthouse {LIGHTHOUSE_VERSION}, mobile preset, {CHROME_PATH}, "
            f"gunicorn on 127.0.0.1:{PORT}\n"
        )
        header = "| page | address | lang | perf | a11y | best pr. | SEO | LCP s |"
        print(header)
        print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
        notes = []
        for name, path in pages:
            if only and not any(part in path for part in only):
                continue
            for language in LANGUAGES:
                url = f"http://127.0.0.1:{PORT}{path}"
                scores = audit(cli, url, language, workdir / "report.json")
                print(
                    f"| {name} | `{path}` | {language} | {scores['performance']} | "
                    f"{scores['accessibility']} | {scores['best-practices']} | {scores['seo']} | "
                    f"{scores['lcp']:.1f} |",
                    flush=True,
                )
                if scores["failed"]:
                    notes.append(f"{path} ({language}): {', '.join(scores['failed'])}")
        if notes:
            print("\nAudits that did not pass (accessibility, best practices, SEO):")
            for note in notes:
                print(f"- {note}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
