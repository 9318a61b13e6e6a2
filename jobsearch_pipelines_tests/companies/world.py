"""A small Common Crawl world: two crawls of realistic company pages, with the awkward cases real crawls have
(redirect and 404 captures, a truncated record, a corrupt record, an oversize page, a mis-labelled status)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from jobsearch_pipelines_tests.companies.cc_server import CommonCrawlStandIn
from jobsearch_pipelines_tests.companies.warc_builders import Capture, WarcBuilder, page_bytes

NEW = "CC-MAIN-2026-39"
OLD = "CC-MAIN-2026-30"
NEW_FILE = f"crawl-data/{NEW}/segments/1758000000000.42/warc/{NEW}-20260915-00042.warc.gz"
OLD_FILE = f"crawl-data/{OLD}/segments/1753000000000.7/warc/{OLD}-20260720-00007.warc.gz"
MAX_UNCOMPRESSED = 1_000_000  # the tests' decompressed cap; the oversize page is 3 MB

NORTHWIND_SERVICES = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Services | Northwind Digital</title></head><body>
<nav><a href="/services">Services</a><a href="/case-studies">Case studies</a><a href="/about">About</a></nav>
<h1>Services</h1><p>Our consultants work alongside your teams from discovery to production.</p>
<div class="services"><h2>Cloud migration</h2><h2>Data platform engineering</h2><h2>Legacy modernisation</h2>
<h2>Technology due diligence</h2><h2>Site reliability engineering</h2></div></body></html>"""

NORTHWIND_OLD = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Northwind Digital | Software consultancy</title>
<meta name="description" content="Northwind Digital is a software consultancy in London.">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"ProfessionalService",
"name":"Northwind Digital Ltd","url":"https://www.northwind-digital.co.uk/","telephone":"+44 20 7946 0000",
"description":"Northwind Digital is a software consultancy in London."}</script></head>
<body><nav><a href="/services">Services</a><a href="/work">Work</a><a href="/contact">Contact</a></nav>
<h1>Software consultancy</h1><p>We help clients modernise legacy systems. Our clients include retailers.</p>
</body></html>"""

OVERSIZE = b"<html><body>" + b"<p>Capacity planning for enterprise platforms. </p>" * 65_000 + b"</body></html>"


@dataclass
class World:
    standin: CommonCrawlStandIn
    new_warc: bytes
    old_warc: bytes


def build_world(standin: CommonCrawlStandIn) -> World:
    new = WarcBuilder(NEW_FILE)
    ts = "20260915083000"
    for url, name in [
        ("https://www.northwind-digital.co.uk/", "c01_northwind_en.html"),
        ("https://www.kaiser-partner.de/", "c06_kaiser_de.html"),
        ("https://www.apextalent.co.uk/", "s01_apex_en.html"),
        ("https://firmscout.com/", "d01_topfirms_en.html"),
        ("https://bestconsultingservices.biz/", "x01_casino_spam.html"),
        ("https://ledgerly.com/", "p01_ledgerly_en.html"),
        ("https://shipgrid.com/services", "p02_shipgrid_services_en.html"),
        ("https://octet-services.fr/fr/", "c11_octet_fr.html"),
        ("https://harborsystems.com/", "c05_harbor_en.html"),
    ]:
        new.add(Capture(url, page_bytes(name), timestamp=ts))
    new.add(Capture("https://www.northwind-digital.co.uk/services", NORTHWIND_SERVICES, timestamp=ts))
    new.add(Capture("https://sierraasesores.es/", page_bytes("c14_sierra_es.html"), content_type="text/html",
                    timestamp=ts))
    # redirect and 404 captures, as the index really holds them
    new.add(Capture("https://octet-services.fr/", b"", status=301, content_type="text/html",
                    headers=[("Location", "https://octet-services.fr/fr/")], timestamp=ts))
    new.add(Capture("https://shipgrid.com/", b"<html><body>Not found</body></html>", status=404, timestamp=ts))
    # the index says 200 but the record is a 404 (happens with revisits/mislabelled rows)
    new.add(Capture("https://octet-services.fr/about", b"<html><body>Gone</body></html>", status=404,
                    cdx_status=200, timestamp=ts))
    # a PDF where a page was expected
    new.add(Capture("https://harborsystems.com/company", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
                    content_type="application/pdf", cdx_mime="text/html", timestamp=ts))
    # an oversize page (3 MB decompressed; compresses well, so only the decompressed cap catches it)
    new.add(Capture("https://harborsystems.com/services", OVERSIZE, timestamp=ts))
    # a corrupt gzip member at a real offset
    rows = new.cdx_rows(NEW)
    # fixed bytes: about 1 in 20 random byte strings decompresses into a header-less record instead
    garbage = random.Random(0).randbytes(700)
    corrupt_offset = len(new.getvalue())
    new.add_raw(b"\x1f\x8b\x08\x00" + garbage)
    rows.append({"url": "https://harborsystems.com/what-we-do", "timestamp": ts, "status": "200",
                 "mime": "text/html", "mime-detected": "text/html", "length": str(704),
                 "offset": str(corrupt_offset), "filename": NEW_FILE, "digest": "sha1:CORRUPT"})
    # a truncated record: the last record of the file, cut short
    truncated = new.add(Capture("https://harborsystems.com/about", page_bytes("c05_harbor_en.html") * 3,
                                timestamp=ts))
    rows.append(new.cdx_rows(NEW)[-1])
    data = new.getvalue()
    data = data[: truncated.offset + truncated.length // 2]
    standin.add_warc(NEW_FILE, data, rows, NEW)

    old = WarcBuilder(OLD_FILE)
    ts_old = "20260718101500"
    old.add(Capture("https://www.northwind-digital.co.uk/", NORTHWIND_OLD, timestamp=ts_old))
    old.add(Capture("http://www.lumenvale.co.uk/", page_bytes("c02_lumen_bare_en.html"), timestamp=ts_old))
    old.add(Capture("https://www.kaiser-partner.de/", page_bytes("c06_kaiser_de.html"), timestamp=ts_old))
    standin.add_warc(OLD_FILE, old.getvalue(), old.cdx_rows(OLD), OLD)
    return World(standin, data, old.getvalue())
