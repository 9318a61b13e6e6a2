"""HTML → facts (JSON-LD, meta, DOM, heuristics) and scoring signals, in one lxml parse.

Facts carry a confidence and the method that produced them; evidence (URL, crawl, WARC pointer) is attached
by the caller, per page. ``prescreen`` is a cheap substring test bulk mode uses to skip the DOM parse for
pages that cannot be consultancies and link no ATS board.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections import Counter
from typing import Any
from urllib.parse import urljoin, urlsplit

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick
from lxml import etree

from jobsearch_pipelines.lib.companies import ats, cues
from jobsearch_pipelines.lib.companies.models import BoardLink, Fact, PageAnalysis, PageSignals
from jobsearch_pipelines.lib.companies.scoring import needs_words
from jobsearch_pipelines.lib.companies.text_model import TextModel, default_model

ORG_TYPES = {"organization", "corporation", "professionalservice", "localbusiness", "employmentagency",
             "onlinebusiness", "ngo", "educationalorganization", "governmentorganization", "newsmediaorganization",
             "store", "sportsorganization", "medicalorganization", "legalservice", "accountingservice",
             "financialservice", "homeandconstructionbusiness", "organisation", "corporate"}
MAX_TEXT = 60_000
MAX_SERVICES = 25
_WS = re.compile(r"\s+")
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}\b")
_NOT_EMAIL_SUFFIX = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".js", ".css")
_PHONE_CHARS = re.compile(r"[^\d+]")
_TITLE_SPLIT = re.compile(r"\s+[|\-–—·:»]\s+")
_SERVICE_CONTAINER = re.compile(r"servic|leistung|dienst|expertis|capabilit|offer|what-?we-?do|solution|competen|"
                                r"servi[cç]o|angebot|aanbod|prestation|métier|metier", re.I)
_SOCIAL_HOSTS = ("linkedin.com", "twitter.com", "x.com", "facebook.com", "instagram.com", "youtube.com", "github.com",
                 "xing.com", "medium.com", "tiktok.com", "vimeo.com", "google.com", "googleapis.com", "gstatic.com",
                 "apple.com", "w3.org", "schema.org", "wordpress.org", "cloudflare.com", "bsky.app", "mastodon.social",
                 "glassdoor.com", "kununu.com", "pinterest.com", "whatsapp.com", "t.me", "wa.me")
PRESCREEN_TOKENS = ("consult", "advisory", "beratung", "berater", "advies", "adviseur", "conseil", "asesor",
                    "consulen", "doradztw", "doradc", "konsul", "dgivning", "dgiver", "poradens", "konzult",
                    "software house", "tanácsad", "savjetovan", "savetovan", "svetovan", "konzalting", "nõustam",
                    "danışman", "συμβουλ", "консулт", "asiantuntijapalvelu",
                    "professional services", "integrator", "greenhouse.io", "lever.co", "ashbyhq", "workable.com",
                    "smartrecruiters", "recruitee", "personio", "teamtailor")
_PRESCREEN = AhoCorasick(list(PRESCREEN_TOKENS))
_PRESCREEN_BYTES = BytesAhoCorasick([t.encode() for t in PRESCREEN_TOKENS])


def prescreen(html: str) -> bool:
    """True when the page could matter (a consultancy stem in any supported language, or an ATS host)."""
    return bool(_PRESCREEN.find_matches_as_indexes(html.lower(), overlapping=False))


def prescreen_bytes(body: bytes) -> bool:
    """``prescreen`` on the raw body, before decoding (the tokens are ASCII)."""
    return bool(_PRESCREEN_BYTES.find_matches_as_indexes(body.lower(), overlapping=False))


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


# Registry labels reserved for public bodies and academia: a top-level domain of their own (.gov, .edu), or the
# second-level domain under a country code (.gov.uk, .gouv.fr, .gob.es, .gv.at, .govt.nz, .gc.ca, .ac.uk, .edu.pl,
# .admin.ch, .bund.de). A public digital team describes its work as a supplier would.
_PUBLIC_TLDS = frozenset({"gov", "mil", "edu", "int"})
_PUBLIC_SECOND_LEVEL = frozenset({"gov", "gouv", "gob", "govt", "gv", "gc", "mil", "edu", "ac", "admin", "bund"})


def is_public_host(host: str) -> bool:
    """Whether ``host`` lies in a government or academic registry (``digital.gov.uk``, ``www.gouv.fr``, ``x.edu``)."""
    labels = host.rstrip(".").split(".")
    if labels[-1] in _PUBLIC_TLDS:
        return True
    return len(labels) >= 2 and len(labels[-1]) == 2 and labels[-2] in _PUBLIC_SECOND_LEVEL


def _same_site(host: str, site: str) -> bool:
    return bool(host) and (host == site or host.endswith("." + site) or site.endswith("." + host))


def _clean(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def _emails_in(text: str, limit: int = 20) -> list[str]:
    """Email addresses around the first ``limit`` "@" signs (a regex over the whole text is slow)."""
    found: list[str] = []
    at = text.find("@")
    while at >= 0 and len(found) < limit:
        start = max(0, at - 64)
        for match in _EMAIL.finditer(text, start, at + 260):
            if match.start() <= at < match.end():
                found.append(match.group(0).lower())
                break
        at = text.find("@", at + 1)
    return found


def _text(element: Any) -> str:
    return "".join(element.itertext())


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _types(node: dict[str, Any]) -> set[str]:
    return {str(t).rsplit("/", 1)[-1].lower() for t in _as_list(node.get("@type")) if isinstance(t, str)}


def _flatten_jsonld(data: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            _flatten_jsonld(item, out, depth + 1)
    elif isinstance(data, dict):
        out.append(data)
        if isinstance(data.get("@graph"), list):
            _flatten_jsonld(data["@graph"], out, depth + 1)


def parse_jsonld(raw: str) -> list[dict[str, Any]]:
    """All JSON-LD nodes of one script body (arrays and ``@graph`` flattened); invalid JSON gives []."""
    raw = raw.strip()
    if raw.startswith("<!--"):
        raw = raw[4:]
    if raw.endswith("-->"):
        raw = raw[:-3]
    raw = raw.strip().removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    try:
        data = json.loads(raw, strict=False)
    except ValueError:
        return []
    nodes: list[dict[str, Any]] = []
    _flatten_jsonld(data, nodes)
    return nodes


def _address_text(value: Any) -> str | None:
    if isinstance(value, str):
        return _clean(value) or None
    if isinstance(value, dict):
        country = value.get("addressCountry")
        if isinstance(country, dict):
            country = country.get("name")
        parts = [value.get(k) for k in ("streetAddress", "postalCode", "addressLocality", "addressRegion")]
        parts.append(country)
        text = ", ".join(_clean(str(p)) for p in parts if p)
        return text or None
    return None


def _strings(value: Any) -> list[str]:
    out: list[str] = []
    for item in _as_list(value):
        if isinstance(item, str) and _clean(item):
            out.append(_clean(item))
        elif isinstance(item, dict):
            name = item.get("name") or item.get("@id") or item.get("url")
            if isinstance(name, str) and _clean(name):
                out.append(_clean(name))
    return list(dict.fromkeys(out))


def _offer_names(node: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for offer in _as_list(node.get("makesOffer")):
        if isinstance(offer, dict):
            item = offer.get("itemOffered")
            names.extend(_strings(item) if item else _strings(offer))
    catalog = node.get("hasOfferCatalog")
    stack = _as_list(catalog)
    while stack:
        entry = stack.pop(0)
        if not isinstance(entry, dict):
            continue
        for child in _as_list(entry.get("itemListElement")):
            if isinstance(child, dict) and (child.get("itemOffered") or child.get("itemListElement")):
                if child.get("itemOffered"):
                    names.extend(_strings(child["itemOffered"]))
                if child.get("itemListElement"):
                    stack.append(child)
            else:
                names.extend(_strings(child))
    for key in ("serviceType",):
        names.extend(_strings(node.get(key)))
    return list(dict.fromkeys(n for n in names if 2 < len(n) <= 80))


def _org_facts(node: dict[str, Any], base_url: str) -> list[Fact]:
    facts: list[Fact] = []
    name = node.get("name") or node.get("legalName")
    if isinstance(name, str) and _clean(name):
        facts.append(Fact("name", _clean(name), 0.95, "jsonld"))
    if isinstance(node.get("legalName"), str) and _clean(node["legalName"]):
        facts.append(Fact("legal_name", _clean(node["legalName"]), 0.9, "jsonld"))
    url = node.get("url")
    if isinstance(url, str) and url.strip():
        facts.append(Fact("website_url", urljoin(base_url, url.strip()), 0.9, "jsonld"))
    description = node.get("description")
    if isinstance(description, str) and _clean(description):
        facts.append(Fact("description", _clean(description)[:2000], 0.8, "jsonld"))
    logo = node.get("logo")
    logo_url = logo.get("url") if isinstance(logo, dict) else logo
    if isinstance(logo_url, str) and logo_url.strip():
        facts.append(Fact("logo_url", urljoin(base_url, logo_url.strip()), 0.85, "jsonld"))
    for key, field in (("sameAs", "same_as"), ("telephone", "phones"), ("email", "emails")):
        values = _strings(node.get(key))
        if field == "emails":
            values = [v.lower().removeprefix("mailto:") for v in values]
        if values:
            facts.append(Fact(field, values, 0.9 if field == "same_as" else 0.85, "jsonld"))
    locations = [a for a in (_address_text(v) for v in _as_list(node.get("address"))) if a]
    for place in _as_list(node.get("location")):
        if isinstance(place, dict):
            text = _address_text(place.get("address")) or _address_text(place.get("name"))
            if text:
                locations.append(text)
    if locations:
        facts.append(Fact("locations", list(dict.fromkeys(locations)), 0.85, "jsonld"))
    services = _offer_names(node)
    if services:
        facts.append(Fact("services", services[:MAX_SERVICES], 0.85, "jsonld"))
    industries = _strings(node.get("knowsAbout")) + _strings(node.get("naics")) + _strings(node.get("isicV4"))
    if industries:
        facts.append(Fact("industries", industries[:25], 0.75, "jsonld"))
    employees = node.get("numberOfEmployees")
    if isinstance(employees, dict):
        low, high = employees.get("minValue"), employees.get("maxValue")
        size = f"{low}-{high}" if low is not None and high is not None else employees.get("value")
        if size is not None:
            facts.append(Fact("size", str(size), 0.8, "jsonld"))
    elif isinstance(employees, int | str) and str(employees).strip():
        facts.append(Fact("size", str(employees).strip(), 0.8, "jsonld"))
    for area in ("areaServed",):
        served = _strings(node.get(area))
        if served:
            facts.append(Fact("area_served", served[:25], 0.75, "jsonld"))
    return facts


def _name_from_title(title: str, site: str) -> str | None:
    parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p.strip()]
    if not parts:
        return None
    label = site.split(".")[0].replace("-", "")
    for part in parts:
        squashed = re.sub(r"[^a-z0-9]", "", part.lower())
        if squashed and (squashed in label or label in squashed) and len(part) <= 60:
            return part
    return parts[-1] if len(parts) > 1 and len(parts[-1]) <= 40 else None


def _stuffing(words: list[str]) -> float:
    """Share of the text taken by its most repeated two-word phrase (keyword-stuffed SEO pages score high)."""
    if len(words) < 60:
        return 0.0
    sample = words[:1500]
    pairs = Counter(itertools.pairwise(sample))
    (phrase, count), = pairs.most_common(1)
    if count < 8 or min(len(phrase[0]), len(phrase[1])) < 3:
        return 0.0
    return count * 2 / len(sample)


def analyze_html(html: str, url: str, text_model: TextModel | None = None, keep_text: bool = False) -> PageAnalysis:
    """Facts, board links and signals of one page. Raises ``ValueError`` when there is no document to parse.

    ``text_model`` (default: the shipped one) reads the page's words; ``keep_text`` keeps them in the analysis."""
    if html.lstrip().startswith("<?xml"):
        html = html[html.index("?>") + 2:]
    try:
        doc = etree.HTML(html)  # plain etree elements: no per-element Python class lookup as with lxml.html
    except (etree.LxmlError, ValueError) as exc:
        raise ValueError(f"unparsable HTML: {exc}") from exc
    if doc is None:
        raise ValueError("unparsable HTML: document is empty")
    site = host_of(url)
    facts: list[Fact] = []
    signals = PageSignals()
    jsonld_nodes: list[dict[str, Any]] = []

    # ---- head: title, metas, JSON-LD (scripts are removed afterwards so the text holds no code)
    title_el = doc.find(".//title")
    title = _clean(_text(title_el)) if title_el is not None else ""
    metas: dict[str, str] = {}
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        content = meta.get("content")
        if key and content and key not in metas:
            metas[key] = _clean(content)
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            jsonld_nodes.extend(parse_jsonld(script.text or ""))
    etree.strip_elements(doc, "script", "style", "noscript", "template", "svg", etree.Comment,
                         etree.ProcessingInstruction, with_tail=False)

    if title:
        facts.append(Fact("title", title[:500], 0.35, "meta"))
    description = metas.get("description") or metas.get("og:description")
    if description:
        facts.append(Fact("description", description[:2000], 0.6, "meta"))
    site_name = metas.get("og:site_name") or metas.get("application-name")
    if site_name:
        facts.append(Fact("name", site_name[:300], 0.7, "meta"))
    for node in jsonld_nodes:
        types = _types(node)
        signals.jsonld_types |= types
        if types & ORG_TYPES:
            org = _org_facts(node, url)
            if any(f.field == "name" for f in org):
                signals.org_identity = True
            facts.extend(org)
        for key in ("publisher", "provider", "author", "hiringOrganization", "brand"):
            nested = node.get(key)
            if isinstance(nested, dict) and _types(nested) & ORG_TYPES:
                signals.jsonld_types |= _types(nested)

    # ---- links: site structure, contact points, careers page, external domains
    emails: list[str] = []
    phones: list[str] = []
    careers_url: str | None = None
    external: set[str] = set()
    service_links: list[str] = []
    industry_links: list[str] = []
    job_paths: set[str] = set()
    for anchor in doc.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href.startswith(("#", "/#")):  # a one-page site's sections are anchors on the page itself
            signals.link_sections |= cues.link_sections("/" + href.split("#", 1)[1])
            continue
        if not href or href.startswith("javascript:"):
            continue
        lowered = href.lower()
        if lowered.startswith("mailto:"):
            address = lowered[7:].split("?")[0].strip()
            if "@" in address:
                emails.append(address)
            signals.link_sections.add("contact")
            continue
        if lowered.startswith("tel:"):
            number = _PHONE_CHARS.sub("", href[4:])
            if len(number) >= 6:
                phones.append(number)
            signals.link_sections.add("contact")
            continue
        if href.startswith("/") and not href.startswith("//"):  # the common case, without urljoin
            path = href.split("#", 1)[0].split("?", 1)[0] or "/"
            absolute = ""
        else:
            absolute = urljoin(url, href)
            parts = urlsplit(absolute)
            host = (parts.hostname or "").lower().removeprefix("www.")
            if site and not _same_site(host, site):
                if host and not any(host == s or host.endswith("." + s) for s in _SOCIAL_HOSTS) \
                        and not ats.is_ats_host(host):
                    external.add(host)
                continue
            path = parts.path or "/"
        sections = cues.link_sections(path)
        signals.link_sections |= sections
        if cues.is_job_posting_path(path):
            job_paths.add(path.rstrip("/"))
        if "careers" in sections and careers_url is None:
            careers_url = absolute or urljoin(url, href)
        if sections & {"services", "industries"}:
            segments = [s for s in path.lower().split("/") if s]
            text = _clean(_text(anchor))
            if len(segments) >= 2 and 3 <= len(text) <= 80:
                (service_links if "services" in sections else industry_links).append(text)
    signals.external_domains = len(external)
    signals.job_postings = len(job_paths)

    # ---- text
    body = doc.find("body")
    root = body if body is not None else doc
    text = " ".join(" ".join(root.itertext()).split())[:MAX_TEXT]
    lowered_text = " ".join((title, description or "", text)).lower()
    signals.cues = cues.find_text_cues(lowered_text)
    signals.cues.update(cues.find_self_description(f"{title} {description or ''}".lower()))
    words = lowered_text.split()
    signals.word_count = len(words)
    if "consultancy" in signals.cues or "consultancy_weak" in signals.cues:  # stuffing only matters for those
        signals.stuffing = _stuffing(words)

    # ---- DOM services: sub-pages of a services section, and headings/items of a services container
    services = list(dict.fromkeys(service_links))
    for container in root.iter("section", "div", "ul", "nav"):
        marker = f"{container.get('id', '')} {container.get('class', '')}"
        if marker == " " or not _SERVICE_CONTAINER.search(marker):
            continue
        for element in container.iter("h2", "h3", "h4", "li"):
            item = _clean(_text(element))
            if 3 <= len(item) <= 70 and not cues.link_sections("/" + item.lower().replace(" ", "-")) & {"services"}:
                services.append(item)
        if len(services) > MAX_SERVICES * 2:
            break
    services = list(dict.fromkeys(services))[:MAX_SERVICES]
    if services:
        facts.append(Fact("services", services, 0.55, "dom"))

    # ---- contact facts and heuristics
    for address in _emails_in(text):
        if not address.endswith(_NOT_EMAIL_SUFFIX):
            emails.append(address)
    if emails:
        facts.append(Fact("emails", list(dict.fromkeys(emails))[:10], 0.6, "dom"))
    if phones:
        facts.append(Fact("phones", list(dict.fromkeys(phones))[:10], 0.7, "dom"))
    addresses = [_clean(_text(a)) for a in root.iter("address")]
    addresses = [a for a in addresses if 8 <= len(a) <= 300]
    if addresses:
        facts.append(Fact("locations", list(dict.fromkeys(addresses))[:10], 0.6, "dom"))
    if careers_url:
        facts.append(Fact("careers_url", careers_url, 0.6, "dom"))
    if industry_links:
        facts.append(Fact("industries", list(dict.fromkeys(industry_links))[:25], 0.5, "dom"))
    canonical = next((link.get("href") for link in doc.iter("link")
                      if (link.get("rel") or "").lower() == "canonical" and link.get("href")), None)
    if canonical:
        facts.append(Fact("canonical_url", urljoin(url, canonical.strip()), 0.7, "meta"))
    if not any(f.field == "name" for f in facts) and title:
        guess = _name_from_title(title, site)
        if guess:
            facts.append(Fact("name", guess, 0.45, "heuristic"))

    boards: list[BoardLink] = ats.find_boards(html)
    if boards:
        facts.append(Fact("ats_boards", [{"vendor": b.vendor, "token": b.token, "url": b.url} for b in boards],
                          0.9, "dom"))
    signals.service_count = len(services)
    signals.has_location = any(f.field == "locations" for f in facts)
    signals.has_phone = bool(phones) or any(f.field == "phones" for f in facts)
    signals.has_email = bool(emails) or any(f.field == "emails" for f in facts)
    signals.has_careers = careers_url is not None or bool(boards)
    signals.ats_boards = len(boards)
    signals.public_host = is_public_host(site)
    model = text_model or default_model()
    if model is not None and needs_words(signals):
        signals.text_loglik = model.log_likelihoods(lowered_text)
    return PageAnalysis(
        url=url, facts=facts, signals=signals, boards=boards, jsonld=jsonld_nodes[:20],
        text_sample=text[:1000], content_hash=hashlib.sha256(html.encode("utf-8", "replace")).hexdigest(),
        title=title or None, lowered_text=lowered_text if keep_text else None,
    )
