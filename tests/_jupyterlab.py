"""What the browser tests share: a JupyterLab server on 127.0.0.1 and headless Chromium, offline.

``tests/test_browser.py``, ``tests/test_browser_student.py`` and ``tests/test_browser_zh.py`` start
JupyterLab with :func:`jupyterlab` and open pages with :func:`chromium_page`; every request that
would leave this machine is aborted and reported in the list it yields.
"""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# The "Open in Binder" badge in each title cell is the one picture from the web; offline it shows
# its alt text. Any other request that leaves the machine is reported.
BADGE = "https://mybinder.org/badge_logo.svg"
# JupyterLab settings for the test user: no news or update checks (they would go to the web).
LAB_SETTINGS = {"@jupyterlab/apputils-extension/notification.jupyterlab-settings":
                {"fetchNews": "false", "checkForUpdates": False}}
# The current notebook tab has a kernel that is idle and cells on the page.
KERNEL_IDLE = """() => {
  const app = window.jupyterapp; const w = app && app.shell.currentWidget;
  return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel
            && w.sessionContext.kernelDisplayStatus === 'idle' && w.content && w.content.widgets.length);
}"""

# Done when the kernel is idle and every code cell ran, or a cell failed (Run All stops there).
RUN_DONE = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  if (w.sessionContext.kernelDisplayStatus !== 'idle') return false;
  const code = w.content.widgets.filter(c => c.model.type === 'code');
  const failed = code.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
  return failed || code.every(c => !c.model.sharedModel.getSource().trim() || c.model.executionCount !== null);
}"""
PROBLEMS = """() => {
  const problems = [];
  for (const cell of window.jupyterapp.shell.currentWidget.content.widgets) {
    if (cell.model.type !== 'code') continue;
    for (const out of cell.model.outputs.toJSON()) {
      const text = out.output_type === 'stream' ? [].concat(out.text).join('') : '';
      if (out.output_type === 'error' || (out.output_type === 'stream' && out.name === 'stderr'))
        problems.push({cell: cell.model.sharedModel.getSource().slice(0, 120), kind: out.output_type,
                       detail: out.ename ? out.ename + ': ' + out.evalue : text.slice(0, 300)});
    }
  }
  return problems;
}"""


def missing() -> str | None:
    """Why the browser tests cannot run here (they are then skipped with this reason), or None."""
    if not CHROMIUM.exists():
        return (f"Chromium not found at {CHROMIUM}: `make browser-deps` installs it with apt-get "
                "(needs root or passwordless sudo)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed: pip install -e '.[test]'"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_environment(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """``os.environ`` with Jupyter's config, runtime, settings and workspace folders inside ``home``."""
    import json

    settings = home / "settings"
    for rel, values in LAB_SETTINGS.items():
        (settings / rel).parent.mkdir(parents=True, exist_ok=True)
        (settings / rel).write_text(json.dumps(values))
    inherited = {k: v for k, v in os.environ.items() if k != "CRM_LESSONS_ARCHIVE_DIR"}   # downloads need the default
    return {**inherited, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
            **(extra or {})}


def lab_command(root: Path, port: int, token: str, command: list[str] | None = None) -> list[str]:
    """``command`` (default: plain ``jupyter lab`` on 127.0.0.1) serving ``root`` on ``port`` for the tests."""
    base = command or [sys.executable, "-m", "jupyter", "lab", "--ServerApp.ip=127.0.0.1"]
    flags = ["--no-browser", f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
             f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--ServerApp.allow_root=True")
    return [*base, *flags]


@contextmanager
def jupyterlab(home: Path, root: Path, env: Mapping[str, str], command: list[str] | None = None,
               start_timeout: float = 90) -> Iterator[tuple[str, str]]:
    """Run JupyterLab over ``root`` until the block ends; yield ``(base_url, token)``.

    ``home`` holds the server's log (shown when it does not start); ``command`` is the command
    line to start it with (see :func:`lab_command`), ``env`` its environment.
    """
    port, token = free_port(), secrets.token_hex(16)
    log_path = home / "lab.log"
    log = log_path.open("wb")
    server = subprocess.Popen(lab_command(root, port, token, command), env=dict(env), stdout=log,
                              stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start:\n{log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.3)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@contextmanager
def chromium_page(base: str, viewport: Mapping[str, int] | None = None):
    """A headless Chromium page that may reach only ``base``; yield ``(page, outside)``.

    ``outside`` lists the requests that tried to leave the machine (the Binder badge aside).
    """
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=dict(viewport or {"width": 1400, "height": 1000}))

        def guard(route):
            if route.request.url.startswith((base, "data:", "blob:")):
                route.continue_()
                return
            if route.request.url != BADGE:
                outside.append(route.request.url)
            route.abort()

        page.route("**/*", guard)
        try:
            yield page, outside
        finally:
            browser.close()


def open_and_run_all(page, base: str, token: str, name: str) -> float:
    """Open notebook ``name`` (a path under the server's root), clear its outputs, run all cells; return the seconds."""
    if page.url.startswith(base):  # JupyterLab is already loaded: open another tab
        page.evaluate("name => { window.jupyterapp.commands.execute('docmanager:open', {path: name}); }", name)
        page.wait_for_function("name => window.jupyterapp.shell.currentWidget.context.path === name", arg=name)
    else:
        page.goto(f"{base}/lab/tree/{name}?token={token}")
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    start = time.monotonic()
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_timeout(500)
    page.wait_for_function(RUN_DONE, timeout=120_000, polling=250)
    return time.monotonic() - start


def assert_clean(page, name: str) -> None:
    """No cell of the current notebook shows an error or a warning (in its model or on the page)."""
    problems = page.evaluate(PROBLEMS)
    assert not problems, f"{name}: cells show errors or warnings: {problems}"
    shown = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
    assert shown == 0, f"{name}: {shown} error/warning output(s) rendered"
