"""One simulated person at a browser: keep-alive connection, own cookies, signs in through the real form.

Standard library only. Talks to loopback addresses only (see `require_loopback`).
"""

import http.client
import ipaddress
import re
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from bench.forms import form_data


def require_loopback(host: str) -> None:
    """Refuse any target but this machine: a load test must never reach another host."""
    if host == "localhost":
        return
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise SystemExit(f"refused: {host!r} is not a loopback address (use 127.0.0.1)") from None
    if not address.is_loopback:
        raise SystemExit(f"refused: {host} is not a loopback address (use 127.0.0.1)")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class HttpUser:
    def __init__(self, base_url: str, *, timeout: float = 60):
        parts = urlsplit(base_url)
        require_loopback(parts.hostname or "")
        self.host, self.port = parts.hostname, parts.port or 80
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(
        self, method: str, path: str, data: dict | None = None, referer: str | None = None
    ) -> Response:
        headers = {"Accept-Encoding": "identity", "Accept-Language": "th"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # Django checks the origin of an unsafe request, as a browser's form post would carry it.
            headers["Origin"] = f"http://{self.host}:{self.port}"
            headers["Referer"] = f"http://{self.host}:{self.port}{referer or path}"
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                conn = self._connection()
                conn.request(method, path, body=body, headers=headers)
                raw = conn.getresponse()
                content = raw.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection: a browser reconnects, so do we (once).
                self.close()
                if attempt == 2:
                    raise
        seconds = time.perf_counter() - started
        for header, value in raw.getheaders():
            if header.lower() == "set-cookie":
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
        if raw.getheader("Connection", "").lower() == "close":
            self.close()
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, content, seconds)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict, referer: str | None = None) -> Response:
        return self.request("POST", path, data, referer)

    def sign_in(self, username: str, password: str) -> Response:
        """The sign-in form as a person fills it: fetch it (CSRF cookie and token), post it, get redirected."""
        form = self.get("/accounts/login/")
        fields = form_data(form.text)
        fields.update(username=username, password=password)
        response = self.post("/accounts/login/", fields)
        if response.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in of {username} failed: HTTP {response.status}")
        return response


PROJECT_LINK = re.compile(r'href="/projects/([0-9]{4}/[^/"?#]+)/"')
EDIT_LINK = re.compile(r'href="(/projects/[0-9]{4}/[^/"]+/reports/(\d+)/edit/)"')


def project_codes(html: str) -> list[str]:
    """The `YEAR/CODE` of each project linked from a list page (its address is `/projects/YEAR/CODE/`), in page
    order, without repeats."""
    return list(dict.fromkeys(PROJECT_LINK.findall(html)))


def latest_report_edit_url(html: str) -> str | None:
    """The edit link of the newest report (the highest number) on a project page, if the user may edit."""
    links = EDIT_LINK.findall(html)
    if not links:
        return None
    return max(links, key=lambda link: int(link[1]))[0]
