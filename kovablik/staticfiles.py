"""Static files: only the vendor files the pages load, and whitenoise caching fingerprinted files for a year.

Bootstrap's npm package ships ~40 CSS and JS builds with their source maps; the pages load one stylesheet and one
script (collapse is the only Bootstrap plugin used, so the build without Popper). The icon font is the subset in
static/icons/ (scripts/subset_icons.py).
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from whitenoise.middleware import WhiteNoiseMiddleware

# Static prefix → (folder under node_modules, the files the pages use in it). The source maps are named by the
# files' sourceMappingURL comments, so the fingerprinting storage needs them; browsers fetch them only for
# developer tools.
VENDOR_FILES = {
    "vendor/bootstrap": (
        "bootstrap/dist",
        ["css/bootstrap.min.css", "css/bootstrap.min.css.map", "js/bootstrap.min.js", "js/bootstrap.min.js.map"],
    ),
}


class VendorFinder(BaseFinder):
    """Finds exactly VENDOR_FILES in node_modules (installed by `npm ci`, see package.json)."""

    def __init__(self, *args, **kwargs):
        node_modules = Path(settings.BASE_DIR) / "node_modules"
        self.packages = []
        for prefix, (folder, files) in VENDOR_FILES.items():
            storage = FileSystemStorage(location=node_modules / folder)
            storage.prefix = prefix  # collectstatic copies the files under it, as for STATICFILES_DIRS
            self.packages.append((prefix, storage, files))

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        matches = [
            storage.path(path.removeprefix(f"{prefix}/"))
            for prefix, storage, files in self.packages
            if path.removeprefix(f"{prefix}/") in files and storage.exists(path.removeprefix(f"{prefix}/"))
        ]
        if find_all:
            return matches
        return matches[0] if matches else None

    def list(self, ignore_patterns):
        for _prefix, storage, files in self.packages:
            for name in files:
                yield name, storage


class PortalWhiteNoiseMiddleware(WhiteNoiseMiddleware):
    """Fingerprinted files (name.<hash>.css) change name when they change, so they are cached for a year and marked
    immutable; whitenoise's own default is ten years, beyond what HTTP caches are meant to keep."""

    FOREVER = 365 * 24 * 60 * 60
