"""A small news site served on 127.0.0.1 for the collector tests: feeds, article pages, traps.

Every page and feed is written here. The server records each request (path, headers, time)
so tests can assert what the collector asked for, and what it never asked for.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd

STORIES = [
    (
        "الحكومة تقر موازنة العام المقبل بعجز أقل",
        [
            "أقر مجلس الوزراء في جلسته الأسبوعية مشروع موازنة العام المقبل، بعجز متوقع يقل عن العام الجاري "
            "بنحو نقطة مئوية، وفق ما أعلنه وزير المالية في مؤتمر صحفي عقب الجلسة.",
            "وقال الوزير إن الحكومة ستواصل دعم السلع الأساسية والخبز والوقود، مع توسيع برامج الحماية "
            "الاجتماعية لتشمل أسراً جديدة في المحافظات الأكثر فقراً.",
            "وينتظر أن يحال المشروع إلى البرلمان خلال أسبوعين لمناقشته في لجنة الموازنة قبل التصويت عليه "
            "في جلسة عامة قبل نهاية السنة المالية.",
        ],
    ),
    (
        "وفد عراقي يصل إلى عمّان لبحث الربط الكهربائي",
        [
            "وصل وفد حكومي عراقي رفيع إلى العاصمة الأردنية عمّان صباح اليوم، في زيارة تستمر يومين لبحث "
            "مراحل مشروع الربط الكهربائي بين البلدين وخطط توسيعه.",
            "وقالت وزارة الطاقة إن المرحلة الأولى من المشروع دخلت الخدمة الشهر الماضي بطاقة تبلغ مئة "
            "وخمسين ميغاواط، وإن المرحلة الثانية ستضاعف هذه الطاقة.",
            "وأضافت الوزارة أن الجانبين سيوقعان مذكرة تفاهم للتعاون في مجال الطاقة المتجددة، تشمل "
            "تبادل الخبرات وتدريب المهندسين في محطات الطاقة الشمسية.",
        ],
    ),
    (
        "موجة حر تضرب المنطقة وتحذيرات من انقطاع الكهرباء",
        [
            "حذرت هيئة الأرصاد الجوية من موجة حر شديدة تضرب المنطقة بداية من يوم غد، مع توقعات بتجاوز "
            "درجات الحرارة خمسين درجة مئوية في بعض المدن الجنوبية.",
            "ودعت الهيئة المواطنين إلى تجنب التعرض المباشر لأشعة الشمس في ساعات الظهيرة، وشرب كميات "
            "كافية من الماء، والاهتمام بكبار السن والأطفال.",
            "وأعلنت شركة الكهرباء رفع حالة الطوارئ في محطات التوليد لمواجهة الارتفاع المتوقع في الطلب، "
            "ونفت وجود خطة لقطع التيار عن الأحياء السكنية.",
        ],
    ),
    (
        "المنتخب يستعد لمواجهة حاسمة في تصفيات كأس العالم",
        [
            "يخوض المنتخب الوطني لكرة القدم مساء الثلاثاء مواجهة حاسمة أمام ضيفه في الجولة الأخيرة من "
            "تصفيات كأس العالم، حيث يكفيه التعادل لبلوغ الدور النهائي.",
            "وقال المدرب في المؤتمر الصحفي إن اللاعبين جاهزون بدنياً وذهنياً، وإن الجماهير ستكون اللاعب "
            "رقم واحد في ملعب يتسع لأكثر من أربعين ألف متفرج.",
            "وأكد الاتحاد أن جميع التذاكر نفدت خلال ساعات من طرحها، وأن الأبواب ستفتح قبل ثلاث ساعات "
            "من انطلاق المباراة لتفادي الازدحام.",
        ],
    ),
]


def page(
    title: str, paragraphs: list[str], *, meta_date: str | None = None, dateline: str = "", charset: str = ""
) -> str:
    """An article page with the usual furniture around the story (navigation, share bar, footer)."""
    head_meta = f'<meta property="article:published_time" content="{meta_date}">' if meta_date else ""
    charset_meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>{charset_meta}<title>{title} | الراصد</title>{head_meta}</head>
<body>
<header><nav><a href="/">الرئيسية</a> | <a href="/politics">سياسة</a> | <a href="/economy">اقتصاد</a>
| <a href="/sport">رياضة</a></nav></header>
<main><article>
<h1>{title}</h1>
<div class="dateline">{dateline}</div>
{body}
</article>
<aside><h3>الأكثر قراءة</h3><ul><li><a href="/x/1">خبر آخر</a></li><li><a href="/x/2">خبر ثالث</a></li></ul></aside>
</main>
<footer>جميع الحقوق محفوظة © الراصد 2025 — سياسة الخصوصية — اتصل بنا</footer>
</body></html>"""


def story_page(i: int, **kwargs) -> str:
    title, paragraphs = STORIES[i % len(STORIES)]
    return page(title, paragraphs, **kwargs)


def rss(items: list[dict], *, title: str = "الراصد - آخر الأخبار") -> bytes:
    parts = []
    for item in items:
        date = f"<pubDate>{item['date']}</pubDate>" if item.get("date") else ""
        parts.append(f"<item><title>{item['title']}</title><link>{item['link']}</link>{date}</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://127.0.0.1/</link><description>آخر الأخبار</description>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode("utf-8")


def atom(entries: list[dict]) -> bytes:
    parts = [
        f'<entry><title>{e["title"]}</title><link href="{e["link"]}"/><id>{e["link"]}</id>'
        f"<updated>{e['date']}</updated></entry>"
        for e in entries
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>نبض</title><id>urn:nabd</id><updated>2025-05-20T08:00:00Z</updated>" + "".join(parts) + "</feed>"
    ).encode("utf-8")


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    fail_first: int = 0  # answer fail_status this many times before the real answer
    fail_status: int = 500
    fail_headers: dict = field(default_factory=dict)  # sent with those answers (a Retry-After)
    trickle: float = 0.0  # a tarpit: the body one byte at a time, this many seconds apart
    etag: str | None = None
    last_modified: str | None = None
    no_length: bool = False  # no Content-Length: the body ends when the connection closes


class Site:
    """Routes by path, a request log, and a server thread."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[float, str, dict]] = []
        self._hits: dict[str, int] = {}
        self._lock = threading.Lock()
        self.closing = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                site.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def requested(self, path: str) -> list[dict]:
        return [headers for _t, p, headers in self.log if p == path]

    def times(self, paths: set[str]) -> list[float]:
        return [t for t, p, _h in self.log if p in paths]

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path
        with self._lock:
            self.log.append((time.monotonic(), path, {k.lower(): v for k, v in request.headers.items()}))
            hits = self._hits[path] = self._hits.get(path, 0) + 1
        route = self.routes.get(path)
        if route is None:
            self._send(request, 404, b"<html><body>not found</body></html>", "text/html")
            return
        if route.delay:
            self.closing.wait(route.delay)
        if hits <= route.fail_first:
            self._send(request, route.fail_status, b"<html><body>busy</body></html>", "text/html", route.fail_headers)
            return
        if route.trickle:
            self._trickle(request, route)
            return
        validators = {}
        if route.etag:
            validators["ETag"] = route.etag
            if request.headers.get("If-None-Match") == route.etag:
                self._send(request, 304, b"", None, validators)
                return
        if route.last_modified:
            validators["Last-Modified"] = route.last_modified
            if request.headers.get("If-Modified-Since") == route.last_modified:
                self._send(request, 304, b"", None, validators)
                return
        self._send(
            request, route.status, route.body, route.content_type, {**route.headers, **validators}, route.no_length
        )

    def _trickle(self, request: BaseHTTPRequestHandler, route: Route) -> None:
        try:
            request.send_response(route.status)
            request.send_header("Content-Type", route.content_type)
            request.send_header("Content-Length", str(len(route.body)))
            request.end_headers()
            for i in range(len(route.body)):
                if self.closing.wait(route.trickle):
                    return
                request.wfile.write(route.body[i : i + 1])
                request.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    @staticmethod
    def _send(
        request, status: int, body: bytes, content_type: str | None, headers: dict | None = None, no_length=False
    ) -> None:
        try:
            request.send_response(status)
            if content_type:
                request.send_header("Content-Type", content_type)
            for key, value in (headers or {}).items():
                request.send_header(key, value)
            if status != 304 and not no_length:
                request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            if status != 304:
                request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts, size limits)
            pass

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()


class Blackhole:
    """A port on 127.0.0.1 that takes connections (the kernel completes them) and never answers."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.base = f"http://127.0.0.1:{self.socket.getsockname()[1]}"

    def __enter__(self) -> Blackhole:
        return self

    def __exit__(self, *exc) -> None:
        self.socket.close()


def rfc822(stamp: str) -> str:
    return format_datetime(pd.Timestamp(stamp).to_pydatetime())
