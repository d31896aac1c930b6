"""`readinggroups lab` as a real process: JupyterLab's options where the folder would be,
and stopping it stops JupyterLab too."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from readinggroups import Workspace


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1)
        return True
    except OSError:
        return False


def test_lab_in_the_workspace_takes_jupyter_options_and_stops_with_its_server(tmp_path):
    ws = Workspace.create(tmp_path / "group", group="G")
    port, token = _free_port(), "lab-test"
    status = f"http://127.0.0.1:{port}/api/status?token={token}"
    command = [sys.executable, "-m", "readinggroups", "lab", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", "--allow-root"]  # fmt: skip
    lab = subprocess.Popen(
        command,
        cwd=ws.root,  # "readinggroups lab" alone: the workspace she is in
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config")},
    )
    try:
        for _ in range(120):
            if _answers(status) or lab.poll() is not None:
                break
            time.sleep(0.5)
        assert _answers(status), lab.stdout.read() if lab.poll() is not None else "no answer"
        lab.send_signal(signal.SIGTERM)
        lab.wait(timeout=60)
        for _ in range(60):  # JupyterLab shuts down with it, rather than serving on
            if not _answers(status):
                break
            time.sleep(0.5)
        assert not _answers(status)
    finally:
        if lab.poll() is None:
            lab.kill()
    output = lab.stdout.read()
    assert "Opening JupyterLab in" in output and "not a workspace" not in output
