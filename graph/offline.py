"""Pages that open anywhere, also with no network: the Content-Security-Policy both HTML pages (the completeness
report and the atlas) carry. Nothing may be fetched from any host, and only the page's own inline scripts run,
named by their SHA-256, so markup in a document's text can never bring a script of its own."""
from __future__ import annotations

import base64
import hashlib


def offline_policy(scripts: list[str], images: str = "'none'") -> str:
    """The policy for a page whose only scripts are `scripts` (inline) and whose images are `images` (a CSP source
    list: 'none', or data: for images drawn from data URLs)."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
                      + "'" for script in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src {images}; "
            "connect-src 'none'; font-src 'none'; form-action 'none'; base-uri 'none'")
