"""Service classification: which towers a notice buys, from its CPV codes, title and description together.

CPV codes alone decide badly (managed print filed under hosting codes, hybrid mail under
telecoms, software licences under development services), so the words of the title and the
description carry most of the weight and the codes only tip a balance. Every answer says why:
the phrases and codes that decided it.

The result is one of three service classes:

- ``tower``: one or more of the five outsourcing towers;
- ``it-other``: IT that is not a tower (licences, software products, hardware, cyber security,
  IT consultancy and staffing, audio-visual kit);
- ``none``: not IT (a bus network, a planning application, fuel cards under an IT code).

Rules (docs/classification.md has the figures on the labelled set in tests/data/classification/):

1. A phrase in the title scores 2, in the description 1 (each phrase once); a CPV code family
   adds a small hint to the tower it suggests. A tower is assigned at :data:`TOWER_SCORE`.
2. Phrases that look like IT but are not (``heat network``, ``planning application``) are
   removed before scoring.
3. A product bought as such (a licence, a subscription, hardware, a "management system") is
   ``it-other`` even when support is mentioned, unless a tower phrase is in the title.
4. Work on software (developing, upgrading, supporting or maintaining software, a website or an
   information system; in a notice with IT codes also a system, platform or solution, or a
   development team) scores for application services like a phrase, but never outweighs a product
   in the title (rule 3).
5. No tower but IT evidence (codes or words): ``it-other``; no IT evidence: ``none``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from supplygraph.graph.towers import TOWERS

ServiceClass = Literal["tower", "it-other", "none"]
TOWER_SCORE = 2.0
"""Score from which a tower is assigned: one title phrase, or two description phrases."""

_DESCRIPTION_PHRASES_FOR_IT = 3
"""IT phrases a description needs, with no IT in the title and mostly non-IT codes, to count as IT."""

TOWER_ORDER = tuple(t.id for t in TOWERS)


@dataclass(frozen=True)
class Classification:
    """What a notice buys, how sure the rules are, and the phrases and codes that decided it."""

    service_class: ServiceClass
    towers: tuple[str, ...]
    confidence: float
    evidence: tuple[str, ...]

    @property
    def label(self) -> str:
        """``hosting;networks``, ``it-other`` or ``none``: the form of the labelled set."""
        return ";".join(self.towers) if self.towers else self.service_class


def classify(codes: Iterable[str], title: str | None, description: str | None) -> Classification:
    """Classify one notice or contract (see the module docstring for the rules)."""
    codes = tuple(c for c in (_digits(c) for c in codes) if c)
    title_text = _clean(title or "")
    body_text = _clean(description or "")
    if not (title or "").strip() and not (description or "").strip():
        return _codes_alone(codes)
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    for label, patterns in _PATTERNS.items():
        for pattern in patterns:
            for where, text, weight in (("title", title_text, 2.0), ("description", body_text, 1.0)):
                found = pattern.search(text)
                if found:
                    scores[label] = scores.get(label, 0.0) + weight
                    evidence.setdefault(label, []).append(f'{where}: "{found.group(0).strip()}"')
                    break
    it_coded = any(c.startswith(_SOFTWARE_CPV) for c in codes)
    for pattern in _WORK_ON_SYSTEMS if it_coded else _WORK_ON_SOFTWARE:  # work on software: application services
        for where, text, weight in (("title", title_text, 2.0), ("description", body_text, 1.0)):
            found = pattern.search(text)
            if found:
                scores["application-services"] = scores.get("application-services", 0.0) + weight
                evidence.setdefault("application-services", []).append(f'{where}: "{found.group(0).strip()}"{_WORK}')
                break
    for prefix, label, weight in _CPV_HINTS:
        hit = next((c for c in codes if c.startswith(prefix)), None)
        if hit is not None:
            scores[label] = scores.get(label, 0.0) + weight
            evidence.setdefault(label, []).append(f"cpv {hit}")
    named = [t for t in TOWER_ORDER if _ALIASES[t].search(body_text)]
    if len(named) >= 3:  # a description that lists towers by name is a multi-tower deal: each named one counts
        for tower in named:
            scores[tower] = scores.get(tower, 0.0) + 2.0
            evidence.setdefault(tower, []).append(f"description lists {len(named)} towers by name")
    for pattern in _BUNDLE:  # a whole-estate managed service with no scope given: the usual three towers
        found = pattern.search(title_text)
        if found:
            for tower in ("hosting", "networks", "end-user-services"):
                scores[tower] = scores.get(tower, 0.0) + 2.0
                evidence.setdefault(tower, []).append(f'title: "{found.group(0).strip()}" (managed service bundle)')
            break
    it_codes = [c for c in codes if c.startswith(_IT_CPV)]
    product_in_title = any(e.startswith("title") for e in evidence.get("it-other", []))
    towers = []
    for tower in TOWER_ORDER:
        score = scores.get(tower, 0.0)
        in_title = any(e.startswith("title") and not e.endswith(_WORK) for e in evidence.get(tower, []))
        if score >= TOWER_SCORE and (in_title or not product_in_title):
            towers.append(tower)
    if towers:
        best = max(scores[t] for t in towers)
        decided = [e for t in towers for e in evidence[t]]
        return Classification("tower", tuple(towers), _confidence(best), _ordered(decided))
    it_words = [e for found in evidence.values() for e in found if not e.startswith("cpv")]
    if _NOT_IT_SERVICE.search(title_text) and not any(e.startswith("title") for e in it_words):
        return Classification("none", (), 0.8, (f'title: "{_NOT_IT_SERVICE.search(title_text).group(0)}" (not IT)',))  # type: ignore[union-attr]
    mostly_it_codes = len(it_codes) * 2 > len(codes)
    if any(e.startswith("title") for e in it_words) or mostly_it_codes or len(it_words) >= _DESCRIPTION_PHRASES_FOR_IT:
        decided = evidence.get("it-other", []) + [f"cpv {c}" for c in it_codes] + it_words
        weight = scores.get("it-other", 0.0) + (1.0 if it_codes else 0.0)
        return Classification("it-other", (), _confidence(weight), _ordered(decided))
    return Classification("none", (), 0.9 if codes or title_text else 0.5, ())


def row_facts(codes: Iterable[str], title: str | None, description: str | None) -> dict[str, Any]:
    """A contract row's towers and classification fields (``towers``, ``service_class``, ``tower_confidence``,
    ``tower_evidence``), for the readers of published notices (OCDS, Contracts Finder)."""
    found = classify(codes, title, description)
    return {
        "towers": found.towers,
        "service_class": found.service_class,
        "tower_confidence": found.confidence,
        "tower_evidence": found.evidence,
    }


# --- the rules ----------------------------------------------------------------------------------


def _p(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "hosting": _p(
        r"\bdata ?cent(?:re|er)s?\b",
        r"\bcrown hosting\b",
        r"\b(?:re-?)?hosting\b",
        r"\bco-?location\b",
        r"\b(?:iaas|paas)\b",
        r"\b(?:infrastructure|platform) as a service\b",
        r"\bcloud (?:hosting|infrastructure|platform|services|delivery|engineering|operations|migration|support)\b",
        r"\bmicrosoft azure\b|\bazure\b",
        r"\bamazon web (?:services|hosting)\b|\baws\b",
        r"\bhosted (?:environment|infrastructure|platform|service)\b",
        r"\bback-?up (?:and|&) (?:disaster )?recovery\b|\bdisaster recovery\b|\bback-?up services?\b",
        r"\bserver (?:hosting|infrastructure|estate)\b",
        r"\b(?:application|server|workload)s? migrations?\b",  # moving applications onto new infrastructure: re-hosting
    ),
    "networks": _p(
        r"\b(?:wide|local) area networks?\b",
        r"\b(?:sd-?)?wan\b",
        r"\blan\b",
        r"\bwi-?fi\b",
        r"\bwireless (?:network|access|infrastructure)\b",
        r"\bnetwork (?:support|services?|infrastructure|equipment|switch(?:es)?|refresh|upgrade|connectivity|management)\b",
        r"\b(?:data|ict|it|computer|corporate|voice|radio) networks?\b",
        r"\btelecom(?:s|munications?)?\b",
        r"\btelephony\b",
        r"\bvoice over ip\b|\bvoip\b",
        r"\bunified communications?\b",
        r"\b(?:psn|hscn|mpls)\b",
        r"\bconnectivity\b",
        r"\bbroadband\b|\bgigabit\b",
        r"\bfibre\b",
        r"\b(?:data|network|structured) cabling\b",
        r"\bsms (?:messaging|provider|services?)\b",
        r"\b(?:cloud|webex|teams) calling\b",
        r"\bswitchboard\b",
    ),
    "end-user-services": _p(
        r"\bservice ?desk\b",
        r"\bhelp ?desk\b",
        r"\bend[- ]user (?:support|services?|comput(?:e|ing)|devices?)\b",
        r"\bdesktop (?:support|services?|platform|management)\b",
        r"\beuc\b",
        r"\bdeskside\b",
        r"\b(?:mobile )?device management\b",
        r"\b(?:managed|remote) it support\b",
        r"\bit support (?:services?|for (?:staff|users))\b",
        r"\bworkplace (?:it|services|technology)\b",
        r"\bwindows 1[01] (?:uplift|migration|roll-?out|upgrade)\b",
        r"\b(?:uplift|migration|roll-?out|upgrade) (?:from windows \d+ )?to windows 1[01]\b",  # moving desktops on
    ),
    "service-integration": _p(
        r"\bsiam\b",
        r"\bservice integration\b",
        r"\bservice integrator\b",
        r"\bitsm managed service\b",
        r"\bservice management (?:tower|and integration|processes)\b",
        r"\btechnology services 3\b",
    ),
    "application-services": _p(
        r"\bapplications? (?:and data )?(?:development|support|maintenance|management|services?|managed service)\b",
        r"\bsoftware development\b",
        r"\bdevelopment as a service\b",
        r"\bbespoke (?:software|applications?|systems?)\b",
        r"\b(?:technical|digital|engineering|software) delivery (?:partner|services?)\b",
        r"\bsoftware delivery\b",
        r"\bdevelopment (?:services?|partner)\b",
        r"\b(?:further|ongoing|continued) development of\b|\bfurther develop\b",
        r"\bsystem[- ]designer support\b",
        r"\bdelivery partner\b",
        r"\bdigital (?:transformation|development|and data partner|services development)\b",
        r"\b(?:it|ict) transformation programme\b",
        r"\bdevops\b|\bwebops\b",
        r"\b(?:website|web) (?:development|maintenance|design|build|re-?design|digital design)\b",
        r"\b(?:parking|mobile) app\b|\bapp (?:build|features?|development)\b",
        r"\bsystems? integration\b",
        r"\bimplementation partner\b",
        r"\bdata platform\b",
        r"\bdata (?:load|migration)\b",
        r"\b(?:quality assurance|qa) and testing\b",
        r"\bsoftware (?:support and development|maintenance and development)\b",
        r"\bdevelopment service\b",
        r"\b(?:post design|technical) support and development\b",
        r"\bproduct management capability\b",
        r"\bcontrol rooms?\b",
        r"\bartificial intelligence\b",
    ),
    "it-other": _p(
        r"\blicen[cs](?:e|es|ing)\b",
        r"\benterprise agreement\b",
        r"\bsubscriptions?\b",
        r"\bsaas\b|\bsoftware as a service\b",
        r"\blaptops?\b|\bcomputer hardware\b|\bict hardware\b|\bhardware\b",
        r"\btablets?\b|\bmonitors\b|\bchromebooks?\b",
        r"\bmanaged print(?:ing)?(?: services?)?\b|\bprinters?\b|\bprint devices\b|\bmfds?\b|\bmulti-?function(?:al)? devices?\b",
        r"\bcyber ?security\b|\bpenetration test",
        r"\bdigital forensics?\b",
        r"\baudio ?visual\b|\binteractive displays?\b",
        r"\b(?:it|ict|digital|data) (?:consultancy|staffing|programme support)\b",
        r"\bstaffing framework\b",
        r"\bpmo\b",
        r"\bsoftware asset management\b",
        r"\b(?:management|registration|assessment|licensing|inspection|ordering) (?:system|solution|software)s?\b",
        r"\bterminology server\b",
        r"\bsoftware\b",
        r"\bgeospatial\b",
        r"\bpassenger information\b",
        r"\bdps of it services\b|\bit services\b",
        r"\bcontent design\b",
        r"\bdata architecture\b",
        r"\bsimulation\b",
        r"\bai lab\b",
        r"\be-?sourcing\b",
    ),
}

# Work on software (rule 4 of the docstring): a verb of building or of supporting, then, within six words of the same
# clause, what is worked on. Software, websites and information systems in any notice; systems, applications,
# platforms and solutions only in a notice with IT service or software codes (72, 48), so that a development site or a
# planning application does not count; never with a word of equipment or a new clause ("and", "or") in between (a
# telephony system is networks, a door access system is not IT). "Supply and maintenance of CRM software" stays
# it-other: a phrase of this kind in the title does not outweigh a product in the title (rule 3).
_WORK = " (work on software)"
_SOFTWARE_CPV = ("72", "48")
_BUILD = r"develop(?:ment|ing|ed)?|implement(?:ation|ing)?|re-?design(?:ing)?|build|upgrad(?:e|es|ing)|modif(?:y|ying|ications?)|enhancements?"
_SUPPORT = r"support|maint(?:ain|aining|enance)"
_SOFTWARE = r"software|web ?sites?|web applications?|information systems?|toolsets?|dashboards?"
_SYSTEMS = _SOFTWARE + r"|systems?|applications?|apps?|platforms?|solutions?|portals?|databases?"
_EQUIPMENT = r"telephon\w*|phones?|voice|radio|audio|visual|door|lifts?|heating|building|print\w*|hardware|equipment|devices?|network\w*"
_TEAM = r"\bdevelop(?:ment|ers?) (?:support|teams?|resources?|capacity|capability|specialists?|expertise)\b"


def _work(verbs: str, objects: str) -> re.Pattern[str]:
    listed = rf"(?:,? (?:and |or )?(?:{_BUILD}|{_SUPPORT})\b)*"  # "support and develop the platform"
    return re.compile(
        rf"\b(?:{verbs})\b{listed}(?: (?!(?:{_EQUIPMENT}|and|or)\b)[\w'(][^\s.,;:!?]*){{1,6}}? (?:{objects})\b"
    )


_WORK_ON_SOFTWARE = (_work(_BUILD, _SOFTWARE), _work(_SUPPORT, _SOFTWARE))
# In an IT-coded notice: systems and platforms too, and a development team or development support bought as such.
_WORK_ON_SYSTEMS = (_work(_BUILD, _SYSTEMS), _work(_SUPPORT, _SYSTEMS), re.compile(_TEAM))

# The taxonomy's own names and aliases (graph/towers.py), for descriptions that list the towers a deal covers.
_ALIASES = {
    t.id: re.compile(r"\b(?:" + "|".join(re.escape(a.lower()) for a in (t.name, *t.aliases) if len(a) > 3) + r")s?\b")
    for t in TOWERS
}

# In a title: a whole-estate managed service, bought without its scope (hosting, networks, end user services)
_BUNDLE = _p(
    r"\b(?:it|ict) managed service provider\b|\bmanaged service provider\b",
    r"\b(?:it|ict) infrastructure(?: services?)?\b",
    r"\bcore (?:it|ict) services?\b",  # a department's whole IT service (LABELLING rule 7)
)

# Phrases removed before scoring: IT-looking words in services that are not IT.
_NOT_IT = re.compile(
    r"\b(?:heat|heating|bus|road|rail|transport|care|support|peer|community|provider|clinical|cancer|research|"
    r"school|social|district|cycle|walking|sewer|water|drainage|pipe|distribution|referral) networks?\b"
    r"|\bnetwork rail\b|\bnetworking (?:event|session)s?\b"
    r"|\b(?:planning|grant|funding|licensing|housing|tenancy|job|visa) applications?\b|\bapplications? (?:form|for)\b"
    r"|\bhosting (?:of )?(?:an? |the )?(?:event|conference|meeting|visit)s?\b"
    r"|\bdynamic purchasing systems?\b"
    r"|\bcomms ducts?\b|\bfuel cards?\b|\bdocument storage\b|\bpayment cards?\b"
    r"|\b(?:fire|intruder|security|alarm|cctv|access control|building management) systems?\b"
)

# In a title, a service that is not IT whatever its codes say (hybrid mail sits under telecoms codes).
_NOT_IT_SERVICE = re.compile(r"\bhybrid mail\b|\bpostal services?\b|\bmail(?:ing)? services?\b|\bfranking\b")

# (CPV prefix, label, weight): hints only; the words decide.
_CPV_HINTS: tuple[tuple[str, str, float], ...] = (
    ("727", "networks", 1.0),
    ("642", "networks", 1.0),
    ("324", "networks", 1.0),
    ("325", "networks", 0.5),
    ("7241", "hosting", 1.0),
    ("72415", "hosting", 0.5),
    ("723", "hosting", 0.5),
    ("7226", "application-services", 1.0),
    ("7221", "application-services", 0.5),
    ("72212", "application-services", 0.5),
    ("72253", "end-user-services", 1.0),
    ("7261", "end-user-services", 0.5),
    ("503", "end-user-services", 0.5),
    ("48", "it-other", 1.0),
    ("302", "it-other", 1.0),
)
_IT_CPV = ("72", "48", "302", "324", "642", "503")


def _clean(text: str) -> str:
    """Lower-case, single-spaced, with the not-IT phrases blanked out."""
    text = re.sub(r"\s+", " ", text.lower().replace("&", " and "))
    return _NOT_IT.sub(" ", text)


def _codes_alone(codes: tuple[str, ...]) -> Classification:
    """No title and no description: the CPV table (loaders/cpv_towers.csv) is all the evidence there is."""
    from supplygraph.loaders.cpv import towers_for

    towers = tuple(t for t in TOWER_ORDER if t in towers_for(codes))
    said = tuple(f"cpv {c} (no title or description: codes alone)" for c in codes)
    if towers:
        return Classification("tower", towers, 0.4, said)
    if any(c.startswith(_IT_CPV) for c in codes):
        return Classification("it-other", (), 0.4, said)
    return Classification("none", (), 0.4 if codes else 0.1, said)


def _ordered(evidence: list[str]) -> tuple[str, ...]:
    """Each piece once: the title's phrases first, then the description's, then the codes."""
    rank = {"title": 0, "description": 1, "cpv": 2}
    unique = list(dict.fromkeys(evidence))
    return tuple(sorted(unique, key=lambda e: rank.get(e.split(":")[0].split(" ")[0], 3)))


def _digits(code: str) -> str:
    return re.sub(r"\D", "", code)[:8]


def _confidence(score: float) -> float:
    """0.5 at the bare threshold of evidence, approaching 0.99 as evidence adds up."""
    return round(min(0.99, 0.5 + 0.1 * score), 2)
