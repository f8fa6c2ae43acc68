"""A local HTTP server that implements the GOV.UK Notify endpoint the service uses
(POST /v2/notifications/email), checking each request's JWT as Notify does, so the official client
is tested over a real connection rather than mocked."""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from notifications_python_client.authentication import decode_jwt_token, get_token_issuer

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"test_key-{SERVICE_ID}-{SECRET}"
TEMPLATES = {"11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222",
             "33333333-3333-4333-8333-333333333333"}


class FakeNotify:
    def __init__(self) -> None:
        self.received: list[dict] = []
        self.fail_with: int | None = None
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                return None

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                try:
                    assert get_token_issuer(token) == SERVICE_ID
                    decode_jwt_token(token, SECRET)
                except Exception:  # noqa: BLE001 (any bad token is a 403, as Notify answers)
                    return self._answer(403, {"errors": [{"error": "AuthError", "message": "Invalid token"}]})
                if self.path != "/v2/notifications/email":
                    return self._answer(404, {"errors": [{"error": "NotFound", "message": self.path}]})
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if outer.fail_with:
                    return self._answer(outer.fail_with, {"errors": [{"error": "Error", "message": "failed"}]})
                if body.get("template_id") not in TEMPLATES:
                    return self._answer(400, {"errors": [{"error": "BadRequestError",
                                                          "message": "Template not found"}]})
                outer.received.append(body)
                notification_id = str(uuid.uuid4())
                return self._answer(201, {
                    "id": notification_id, "reference": body.get("reference"),
                    "content": {"subject": body["personalisation"]["subject"],
                                "body": body["personalisation"]["body"], "from_email": "service@notify.example"},
                    "uri": f"/v2/notifications/{notification_id}",
                    "template": {"id": body["template_id"], "version": 1, "uri": "/v2/template/x"}})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeNotify:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
