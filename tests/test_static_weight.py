"""What a first visit downloads (issue 7, item 5): with the production static storage (collectstatic into a
temporary STATIC_ROOT, compressed and fingerprinted by whitenoise), every page of the authorization matrix plus the
CSS, JavaScript, fonts and icons it references stays under 150 KB compressed; static files come compressed when the
browser accepts it and are cached for a year as immutable.

HTML is measured gzip-compressed at level 6, what the reverse proxy sends with `gzip on; gzip_comp_level 6;`
(README, Deployment); static files as whitenoise serves them (brotli when accepted)."""

import gzip
import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from tests import test_page_structure as pages

world = pages.world
matrix_world = pages.matrix_world

BUDGET = 150 * 1024
ONE_YEAR = "max-age=31536000, public, immutable"
ALL_ENCODINGS = "gzip, deflate, br"
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(static_root, settings):
    """Serve the collected files as production does: from STATIC_ROOT only, by the manifest's hashed names."""
    settings.STATIC_ROOT = static_root
    settings.STORAGES = PRODUCTION_STORAGES
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    return static_root


class Assets(HTMLParser):
    """The stylesheets, scripts and icon a page makes the browser load."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in {"stylesheet", "icon"}:
            self.urls.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])


def page_assets(html: str) -> list[str]:
    parser = Assets()
    parser.feed(html)
    return parser.urls


def fetch_static(client: Client, url: str, accept: str = ALL_ENCODINGS):
    response = client.get(url, HTTP_ACCEPT_ENCODING=accept)
    # Reading the whole stream closes the file (the test client wraps it); closing again would also close the
    # database connection, and the test's transaction with it.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def transfer(client: Client, url: str, seen: dict) -> list[tuple[str, int]]:
    """(url, compressed bytes) of a static file and of what its CSS loads (fonts; data: URIs are inline)."""
    if url in seen:
        return []
    response, body = fetch_static(client, url)
    seen[url] = response
    files = [(url, len(body))]
    if url.endswith(".css"):
        _plain, text = fetch_static(client, url, accept="identity")
        for reference in CSS_URL.findall(text.decode()):
            if not reference.startswith("data:"):
                files += transfer(client, urljoin(url, reference.split("#")[0]), seen)
    return files


def test_every_page_loads_under_150_kb_compressed_with_cached_compressed_statics(matrix_world, production_static):
    client = Client()
    statics: dict = {}
    weights = []
    for row, role in pages.PAGES:
        response = pages.fetch(row, role, matrix_world)
        if not pages.is_html(response):
            continue
        html = response.content
        files = [(row.id, len(gzip.compress(html, compresslevel=6)))]
        seen_here: dict = {}
        for url in page_assets(html.decode()):
            files += transfer(client, url, seen_here)
        statics.update(seen_here)
        weights.append((sum(size for _url, size in files), row.id, role, files))

    weights.sort(reverse=True)
    total, heaviest, role, files = weights[0]
    print(f"\nheaviest first load: {heaviest} as {role}, {total / 1024:.1f} KB compressed:")
    for url, size in files:
        print(f"  {size / 1024:7.1f} KB  {url}")
    problems = [
        f"{url}: {response.status_code}, Cache-Control {response.get('Cache-Control')!r}, "
        f"Content-Encoding {response.get('Content-Encoding')!r}"
        for url, response in statics.items()
        if response.status_code != 200
        or response.get("Cache-Control") != ONE_YEAR
        or (not url.endswith(".woff2") and response.get("Content-Encoding") != "br")
    ]
    assert len(weights) > 80
    assert problems == []
    assert not [url for url in statics if url.endswith(".map") or ".woff2" not in url and "woff" in url]
    assert total < BUDGET, f"{heaviest} loads {total / 1024:.1f} KB"


def test_static_files_are_compressed_only_as_the_browser_accepts(production_static, client, db):
    page = client.get("/")
    stylesheet = next(url for url in page_assets(page.content.decode()) if "bootstrap.min" in url)

    plain, plain_body = fetch_static(client, stylesheet, accept="")
    zipped, zipped_body = fetch_static(client, stylesheet, accept="gzip")
    brotli, brotli_body = fetch_static(client, stylesheet, accept=ALL_ENCODINGS)

    assert re.fullmatch(r"/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]{12}\.css", stylesheet)
    assert (plain.get("Content-Encoding"), zipped["Content-Encoding"], brotli["Content-Encoding"]) == (
        None,
        "gzip",
        "br",
    )
    raw_size = (production_static / stylesheet.removeprefix(settings.STATIC_URL)).stat().st_size
    assert len(plain_body) == raw_size
    assert gzip.decompress(zipped_body) == plain_body
    assert len(brotli_body) < len(zipped_body) < raw_size / 5
    assert {plain["Cache-Control"], zipped["Cache-Control"], brotli["Cache-Control"]} == {ONE_YEAR}
    assert "Accept-Encoding" in brotli["Vary"]


def test_unfingerprinted_names_are_not_cached_for_a_year(production_static, client, db):
    response, _body = fetch_static(client, "/static/css/portal.css")

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"


def load_subset_script():
    path = Path(settings.BASE_DIR) / "scripts" / "subset_icons.py"
    spec = importlib.util.spec_from_file_location("subset_icons", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_icon_subset_holds_exactly_the_icons_the_templates_use():
    from fontTools.ttLib import TTFont

    script = load_subset_script()
    rules = script.subset_rules(script.CSS.read_text())
    upstream = json.loads((script.PACKAGE / "bootstrap-icons.json").read_text())
    font_codepoints = set(TTFont(str(script.FONT)).getBestCmap())

    assert set(rules) == script.used_icons(), "run scripts/subset_icons.py"
    assert rules == {name: upstream[name] for name in rules}
    assert set(rules.values()) <= font_codepoints
    assert script.FONT.stat().st_size < 10 * 1024
