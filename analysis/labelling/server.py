"""The labelling page: a small Flask app over a :class:`~analysis.labelling.session.LabellingSession`.

Served on 127.0.0.1 only (the labels are the researcher's, and the page takes writes without a
login). Routes: ``GET /`` the page (Jinja2 template ``templates/label.html``), ``GET /api/state``
what it shows, ``POST /api/label`` ``{"index", "stance", "frames"}`` (stance favor / against /
neutral / skip), ``POST /api/undo``, ``POST /api/finish`` (answers, then stops the server). Each
POST answers after the labels file is written, with the new state. Bad requests get status 400
and ``{"error": ...}``.
"""
from __future__ import annotations

import sys
import threading
from typing import Any

from analysis.errors import InputError
from analysis.labelling.session import LabellingSession

HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def create_app(session: LabellingSession, on_finish: Any = None):
    """The Flask app; ``on_finish``: called (in a thread) after ``/api/finish`` has answered."""
    from flask import Flask, jsonify, render_template, request

    app = Flask(__name__)

    @app.get("/")
    def page():
        return render_template("label.html", target=session.target, labels_file=str(session.path))

    @app.get("/api/state")
    def state():
        return jsonify(session.snapshot())

    @app.post("/api/label")
    def label():
        body = request.get_json(silent=True) or {}
        try:
            index = int(body.get("index", -1))
            frames = [str(f) for f in body.get("frames") or []]
            session.decide(index, str(body.get("stance", "")), frames)
        except (InputError, TypeError, ValueError) as e:
            return jsonify({"error": str(e)}), 400
        return jsonify(session.snapshot())

    @app.post("/api/undo")
    def undo():
        session.undo()
        return jsonify(session.snapshot())

    @app.post("/api/finish")
    def finish():
        snap = session.snapshot()
        if on_finish is not None:
            threading.Timer(0.2, on_finish).start()
        return jsonify({**snap, "finished": True})

    return app


def serve(session: LabellingSession, port: int = DEFAULT_PORT, announce: Any = None) -> None:
    """Serve the page on 127.0.0.1:``port`` (0: any free port) until /api/finish or Ctrl-C.
    ``announce(url)`` is called once the socket listens (default: a line on stderr)."""
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request on stderr
    holder: dict[str, Any] = {}
    app = create_app(session, on_finish=lambda: holder["server"].shutdown())
    try:
        server = make_server(HOST, port, app, threaded=True)
    except OSError as e:
        raise InputError(f"cannot listen on {HOST}:{port} ({e.strerror or e}); pick another --port") from None
    holder["server"] = server
    url = f"http://{HOST}:{server.server_port}/"
    (announce or (lambda u: print(f"labelling page: {u} (Ctrl-C or Finish to stop)", file=sys.stderr, flush=True)))(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
