#!/usr/bin/env python3
"""Resolves every runbook_url of Prometheus rules files against built TechDocs sites.

    check-runbooks.py --portal URL --site ENTITY=SITE_DIR [--site ...] RULES_FILE...

ENTITY is `namespace/kind/name` (as in /docs/<namespace>/<kind>/<name>/) and
SITE_DIR a site built by mkdocs (techdocs-core). A runbook_url passes when it
starts with URL/docs/<entity>/ of a given site, the page exists there as the
portal serves it (<path>/index.html), its anchor, if any, is an id in that
page, and the page has the runbook sections Symptoms, Impact, Diagnosis,
Mitigation and Escalation as h2 headings, in that order. Rules files are
Prometheus rule files or PrometheusRule objects (several YAML documents
allowed). Prints one line per alert; exits 1 when any fails or none is found.
"""
import argparse
import html.parser
import pathlib
import sys
import urllib.parse

import yaml

SECTIONS = ["symptoms", "impact", "diagnosis", "mitigation", "escalation"]


class PageIds(html.parser.HTMLParser):
    """The ids of a page, and the ids of its h2 headings in order."""

    def __init__(self):
        super().__init__()
        self.ids, self.h2 = set(), []

    def handle_starttag(self, tag, attrs):
        element_id = dict(attrs).get("id")
        if element_id:
            self.ids.add(element_id)
            if tag == "h2":
                self.h2.append(element_id)


def alert_rules(path):
    for doc in yaml.safe_load_all(path.read_text()):
        if not doc:
            continue
        groups = doc.get("spec", doc).get("groups", [])
        for group in groups:
            for rule in group.get("rules", []):
                if "alert" in rule:
                    yield rule


def check(url, portal, sites):
    """None when url resolves to a runbook page, else why not."""
    if "{{" in url:
        return "is templated; a runbook URL must name one page"
    prefix = portal.rstrip("/") + "/docs/"
    if not url.startswith(prefix):
        return f"does not start with {prefix}"
    parsed = urllib.parse.urlsplit(url[len(prefix):])
    parts = parsed.path.split("/")
    entity = "/".join(parts[:3]).lower()
    site = sites.get(entity)
    if site is None:
        return f"points at the docs of {entity}, not built here (have: {', '.join(sorted(sites))})"
    page = "/".join(parts[3:]).strip("/")
    file = site / page if page.endswith(".html") else site / page / "index.html"
    if not file.is_file():
        return f"no page {page or '(root)'} in the docs of {entity} ({file} missing)"
    ids = PageIds()
    ids.feed(file.read_text(encoding="utf-8"))
    anchor = urllib.parse.unquote(parsed.fragment)
    if anchor and anchor not in ids.ids:
        return f"no anchor #{anchor} in {page}"
    found = [s for s in ids.h2 if s in SECTIONS]
    if found != SECTIONS:
        return f"page {page} has sections {found}, not {SECTIONS}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portal", required=True, help="the base URL the rules link under")
    parser.add_argument("--site", action="append", default=[], metavar="ENTITY=DIR")
    parser.add_argument("rules", nargs="+", type=pathlib.Path)
    args = parser.parse_args()
    sites = {}
    for spec in args.site:
        entity, _, directory = spec.partition("=")
        sites[entity.lower()] = pathlib.Path(directory)
    failures = checked = 0
    for rules_file in args.rules:
        for rule in alert_rules(rules_file):
            url = rule.get("annotations", {}).get("runbook_url")
            problem = check(url, args.portal, sites) if url else "has no runbook_url"
            checked += 1
            failures += problem is not None
            print(f"{'FAIL' if problem else 'ok  '} {rules_file.name}: {rule['alert']} {url or ''}"
                  + (f": {problem}" if problem else ""))
    if checked == 0:
        print("no alerting rules found")
        return 1
    print(f"{checked} alerts, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
