"""A crawler for the link and address tests: signs in as one user with Django's test client, follows every in-app
link it finds (GET only), and reports links that answer 403, 404 or 500, and forms or links that would put personal
data in a query string.

It is bounded so that a crawl of every demo role stays quick: each kind of link (the route of the page it is on, the
route it leads to, and the names of its query parameters) is followed at most ``per_edge`` times, links are read
from at most ``per_route`` pages of each route, and no more than ``max_requests`` pages are fetched.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

# Never followed: they change state or leave the app's pages (signing out; Django's own admin site, which is
# checked only at its front page; the API, whose browsable pages are not the product's; static files).
SKIP_PREFIXES = ("/accounts/logout/", "/accounts/signed-out/", "/static/", "/api/v1/schema")
LEAF_PREFIXES = ("/admin/", "/api/")
DOWNLOAD_SUFFIXES = (".pdf", ".csv", ".xlsx", ".xml", ".json", ".zip")
DOWNLOAD_PARAMETERS = {"format", "download"}

# The only query-string parameters pages may put in an address (GET forms and links): filters, sorting, paging,
# periods and record ids, none of which says anything about a child's or household's health, concerns or risk.
# A new one fails the address tests until it is added here, which is the moment to ask whether it could carry
# personal data. ``q`` is the name search (a name, not a health or risk answer; see the security work on searches).
ALLOWED_QUERY_PARAMETERS = frozenset(
    {
        # paging, sorting and the submit buttons of GET forms
        "page",
        "sort",
        "continue",
        # filters and choices of what to show
        "q",
        "kind",
        "status",
        "team",
        "worker",
        "child",
        "role",
        "service",
        "with",
        "show",
        "rag",
        "active",
        "awaiting",
        "alert",
        "what",
        "group",
        "mode",
        "band",
        "from_start",
        "format",
        "cause",  # a delay cause: a code from the operating model's list
        "year",  # a financial year (payments' cost codes and budgets)
        # periods
        "date",
        "day",
        "days",
        "since",
        "week",
        "weeks",
        "from",
        "to",
        "on",
        # a report's GOV.UK date input: day, month and year boxes for ?week=, ?date=, ?since=, ?from= and ?to=
        *(f"{name}-{part}" for name in ("week", "date", "since", "from", "to") for part in ("day", "month", "year")),
        # record ids: the pre-visit check chosen for a visit, the operating-model versions compared, family time's
        # arrangement and venue, a family member, the placement setting chosen from the finder
        "check",
        "arrangement",
        "venue",
        "member",
        "setting",
        # a member of staff (workforce), a DfE validator rule code (returns)
        "person",
        "rule",
        # the key of a search's results kept in the session (a random token: the terms never go in the address)
        "s",
        # where to go back to after a form (a path in the app)
        "next",
        # OpenID Connect's answer to the sign-in request (RFC 6749 4.1.2): a one-time code and the request's own
        # random state, sent by the council's provider to /oidc/callback/ (the test provider sends the same)
        "code",
        "state",
        "a",
        "b",
    }
)


@dataclass
class Link:
    href: str
    text: str


@dataclass
class Form:
    method: str
    action: str
    fields: list[str]


class _PageParser(HTMLParser):
    """The links and forms of a page: each ``<a href>`` with its text, each ``<form>`` with its method, action and
    the names of its fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.forms: list[Form] = []
        self._link: Link | None = None
        self._form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "a" and "href" in attributes:
            self._link = Link(attributes["href"], "")
            self.links.append(self._link)
        elif tag == "form":
            self._form = Form(attributes.get("method", "get").lower(), attributes.get("action", ""), [])
            self.forms.append(self._form)
        elif tag in {"input", "select", "textarea", "button"} and self._form is not None and attributes.get("name"):
            self._form.fields.append(attributes["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._link = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link.text += data


@dataclass
class Problem:
    page: str
    what: str

    def __str__(self) -> str:
        return f"{self.page}: {self.what}"


@dataclass
class CrawlResult:
    fetched: int = 0
    problems: list[Problem] = field(default_factory=list)
    routes: Counter = field(default_factory=Counter)


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route or match.view_name


def _is_download(path: str, query: list[tuple[str, str]]) -> bool:
    return path.endswith(DOWNLOAD_SUFFIXES) or any(name in DOWNLOAD_PARAMETERS for name, _ in query)


def _personal_parameters(names: list[str]) -> list[str]:
    return sorted({name for name in names if name not in ALLOWED_QUERY_PARAMETERS and not name.startswith("csrf")})


def parameterless_pages() -> list[str]:
    """Every page whose address has no record id in it (``/reports/demand/``, not ``/children/<pk>/``): a crawl
    starts from all of them as well as the home page, so pages only reachable by typing their address are read
    too (their own answer is not a link's, so a 403 there is not a problem; their links are checked)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[str] = []

    def walk(patterns: list, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if "<" in route or "(" in route or "^" in route:
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                path = "/" + route
                if not path.startswith(SKIP_PREFIXES + LEAF_PREFIXES) and not path.endswith(DOWNLOAD_SUFFIXES):
                    found.append(path)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def crawl(
    client: Client,
    *,
    start: str = "/",
    typed: list[str] | None = None,
    max_requests: int = 400,
    per_edge: int = 3,
    per_route: int = 3,
) -> CrawlResult:
    """Follow the links a signed-in ``client`` is offered, from ``start``; see the module docstring."""
    result = CrawlResult()
    status: dict[str, int] = {}
    edges: Counter = Counter()
    read_routes: Counter = Counter()
    queue: deque[tuple[str, str, str]] = deque([("(start)", "(start)", start)])
    queue.extend(("(typed)", "(typed)", path) for path in typed or [])
    while queue and result.fetched < max_requests:
        source, link_text, url = queue.popleft()
        if url in status:
            if status[url] in {403, 404} and source != "(typed)":
                result.problems.append(Problem(source, f"link {link_text.strip()!r} to {url} answers {status[url]}"))
            continue
        response = client.get(url)
        result.fetched += 1
        page_url = url
        while response.status_code in {301, 302} and result.fetched < max_requests:
            location = urljoin(page_url, response["Location"])
            if urlsplit(location).netloc not in {"", "testserver"}:
                break
            if urlsplit(location).path.startswith("/accounts/login/"):
                result.problems.append(Problem(source, f"link {link_text.strip()!r} to {url} signs the user out"))
                return result
            page_url = location
            response = client.get(page_url)
            result.fetched += 1
        status[url] = response.status_code
        if response.status_code >= 400:
            if response.status_code >= 500 or source != "(typed)":
                result.problems.append(
                    Problem(source, f"link {link_text.strip()!r} to {url} answers {response.status_code}")
                )
            continue
        # Links on the page are relative to where it ended up (after any redirect), and so are its problems.
        landed = urlsplit(page_url)
        url = landed.path + (f"?{landed.query}" if landed.query else "")
        path = urlsplit(url).path
        route = _route(path)
        result.routes[route] += 1
        content_type = response.get("Content-Type", "")
        if not content_type.startswith("text/html") or path.startswith(LEAF_PREFIXES):
            continue
        if read_routes[route] >= per_route:
            continue
        read_routes[route] += 1
        parser = _PageParser()
        parser.feed(response.content.decode())
        for form in parser.forms:
            if form.method == "get":
                personal = _personal_parameters(form.fields)
                if personal:
                    result.problems.append(
                        Problem(url, f"a GET form to {form.action or url} sends {', '.join(personal)} in the address")
                    )
        for link in parser.links:
            target = urljoin(url, link.href)
            parts = urlsplit(target)
            if parts.scheme not in {"http", ""} or parts.netloc not in {"", "testserver"}:
                continue
            query = parse_qsl(parts.query, keep_blank_values=True)
            personal = _personal_parameters([name for name, _ in query])
            if personal:
                result.problems.append(Problem(url, f"link to {parts.path} carries {', '.join(personal)}"))
            if parts.path.startswith(SKIP_PREFIXES) or _is_download(parts.path, query):
                continue
            clean = parts.path + (f"?{parts.query}" if parts.query else "")
            if clean in status:
                if status[clean] in {403, 404}:
                    result.problems.append(
                        Problem(url, f"link {link.text.strip()!r} to {clean} answers {status[clean]}")
                    )
                continue
            edge = (route, _route(parts.path), tuple(sorted({name for name, _ in query})))
            if edges[edge] >= per_edge:
                continue
            edges[edge] += 1
            queue.append((url, link.text, clean))
    return result
