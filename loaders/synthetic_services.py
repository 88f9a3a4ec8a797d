"""The services a generated buyer buys, with the several ways notices word each one (loaders/synthetic_notices.py).

Each service has a tower (or none: IT that is not a tower, and non-IT), a few titles and
descriptions that say the same thing in other words (a re-procurement is rarely worded like the
contract it replaces), and, for some, the lots a tender for it is split into. Services of one
tower (a revenues system and a social care system are both application services) are different
services: only their words tell them apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Service:
    """One service a buyer buys again and again."""

    key: str
    tower: str | None  # a tower name, or None (IT that is not a tower, or not IT)
    titles: tuple[str, ...]
    descriptions: tuple[str, ...]  # "{buyer}" is the buyer's name
    lots: tuple[str, ...] = ()  # the sub-scopes of a tender split into lots


SERVICES: tuple[Service, ...] = (
    Service(
        "data-centre",
        "Hosting",
        ("Data centre hosting services", "Hosting and data centre services", "Managed hosting of core systems"),
        (
            "Provision of secure data centre space, server hosting and backup for {buyer}.",
            "Managed hosting of the council's servers and storage in a tier 3 facility, with disaster recovery.",
            "Co-location, virtual server hosting and storage for the systems of {buyer}.",
        ),
    ),
    Service(
        "cloud",
        "Hosting",
        ("Public cloud platform and migration", "Cloud hosting platform", "Cloud infrastructure services"),
        (
            "A public cloud platform (infrastructure as a service) and the migration of workloads to it.",
            "Cloud subscription, landing zone and platform operations for {buyer}.",
        ),
    ),
    Service(
        "wan",
        "Networks",
        ("Wide area network services", "WAN and connectivity", "Corporate network and connectivity services"),
        (
            "Wide area network connecting the sites of {buyer}, with internet access and managed routers.",
            "Connectivity between offices, depots and schools: circuits, routers and a managed firewall.",
            "Managed WAN, site links and internet breakout for all premises.",
        ),
        ("Lot 1: wide area network", "Lot 2: local area network and wi-fi", "Lot 3: internet access"),
    ),
    Service(
        "telephony",
        "Networks",
        ("Telephony and unified communications", "Voice services and contact centre telephony", "Telephony services"),
        (
            "Unified communications: desk and mobile telephony, voice calls and the contact centre platform.",
            "Telephone system, voice over IP and call handling for the customer contact centre.",
        ),
    ),
    Service(
        "desktop",
        "End User Services",
        ("Desktop support services", "End user computing support", "Service desk and deskside support"),
        (
            "First and second line service desk, deskside support and device management for staff.",
            "Support of laptops and desktops: the IT service desk, break-fix and device builds for {buyer}.",
            "End user computing: a service desk, desk side engineers and refresh of devices.",
        ),
        ("Lot 1: service desk", "Lot 2: deskside support", "Lot 3: device supply"),
    ),
    Service(
        "mobile",
        "End User Services",
        ("Mobile devices and airtime", "Mobile phone services", "Corporate mobile voice and data"),
        (
            "Mobile handsets, airtime and mobile device management for staff.",
            "Supply of smartphones with voice and data airtime, and their management.",
        ),
    ),
    Service(
        "siam",
        "Service Integration",
        ("Service integration and management", "SIAM services", "IT service management and integration"),
        (
            "A service integrator managing the IT suppliers of {buyer}: incidents, changes and service levels.",
            "Service integration and management across the towers, with one service desk tool and reporting.",
        ),
    ),
    Service(
        "revenues",
        "Application Services",
        ("Revenues and benefits system", "Council tax and benefits software", "Revenues and benefits software"),
        (
            "Software for council tax, business rates and housing benefit administration, hosted and supported.",
            "A revenues and benefits application: billing, recovery and benefit claims, with support and upgrades.",
        ),
    ),
    Service(
        "social-care",
        "Application Services",
        ("Social care case management system", "Adult and children's social care system", "Case management software"),
        (
            "A case management system for adult and children's social care records and assessments.",
            "Social care case records, workflows and a provider portal, with implementation and support.",
        ),
    ),
    Service(
        "finance",
        "Application Services",
        ("Finance and HR system", "ERP system", "Enterprise resource planning system"),
        (
            "An ERP system for finance, payroll and human resources, with hosting and application support.",
            "General ledger, purchasing, payroll and HR software for {buyer}, supported and upgraded.",
        ),
    ),
    Service(
        "website",
        "Application Services",
        ("Website development and hosting", "Corporate website", "Digital services platform"),
        (
            "Design, build and support of the public website and its content management system.",
            "A content managed website and online forms for residents, with hosting and support.",
        ),
    ),
    Service(
        "licences",
        None,
        ("Microsoft licences", "Software licensing agreement", "Enterprise licence agreement"),
        (
            "Resale of Microsoft 365 and server licences under an enterprise agreement.",
            "Software licences (Microsoft enterprise agreement), subscriptions and true-ups.",
        ),
    ),
    Service(
        "print",
        None,
        ("Managed print service", "Multi-function printers and print management", "Print and copy devices"),
        (
            "Lease and maintenance of multi-function devices with print management software.",
            "Managed print: printers, copiers, consumables and secure print release.",
        ),
    ),
    Service(
        "hardware",
        None,
        ("Laptop and desktop hardware supply", "Supply of end user devices", "Purchase of laptops"),
        (
            "Supply of laptops, desktops and monitors, imaged and delivered.",
            "Purchase of end user devices and peripherals through a catalogue.",
        ),
    ),
    Service(
        "cleaning",
        None,
        ("Office cleaning services", "Cleaning of council buildings", "Building cleaning"),
        (
            "Daily cleaning of offices, libraries and depots, with washroom services.",
            "Cleaning services for the buildings of {buyer}, including windows and deep cleans.",
        ),
        ("Lot 1: offices", "Lot 2: schools", "Lot 3: depots and libraries"),
    ),
    Service(
        "catering",
        None,
        ("Catering services", "School meals and catering", "Catering and vending"),
        (
            "Hot meals for schools and staff restaurants, with vending machines.",
            "Provision of school meals, hospitality catering and vending.",
        ),
    ),
    Service(
        "waste",
        None,
        ("Waste collection services", "Refuse and recycling collection", "Household waste and recycling"),
        (
            "Collection of household refuse, recycling and garden waste, with street cleansing.",
            "Kerbside refuse and recycling collections and the transfer of waste.",
        ),
    ),
    Service(
        "legal",
        None,
        ("Legal services", "External legal advice", "Legal services framework"),
        (
            "External legal advice on property, employment and procurement matters.",
            "Solicitors for litigation, contracts and planning, called off as needed.",
        ),
    ),
    Service(
        "grounds",
        None,
        ("Grounds maintenance", "Parks and grounds maintenance", "Grass cutting and grounds care"),
        (
            "Grass cutting, hedges and shrub beds in parks, cemeteries and verges.",
            "Maintenance of parks, open spaces and highway verges.",
        ),
    ),
    Service(
        "audit",
        None,
        ("Internal audit services", "Internal audit and counter fraud", "Audit services"),
        (
            "An internal audit plan, assurance reviews and counter fraud work.",
            "Provision of internal audit and anti-fraud services to the audit committee.",
        ),
    ),
)

# what a re-procurement or renewal notice says about the contract it replaces; "{title}" is the earlier title
RENEWAL_TITLES = ("{title} - renewal", "Renewal of {title}", "{title} (renewal)")
RENEWAL_NOTES = (
    "Renewal of the existing contract with the current provider.",
    "The contract is renewed for a further term on the same terms.",
)
EXTENSION_TITLES = ("Extension of {title}", "{title} - contract extension", "{title}: extension")
EXTENSION_NOTES = (
    "Extension of the current contract while the service is re-procured.",
    "The existing contract is extended under its extension option.",
)
REPROCUREMENT_NOTES = (
    "Replacement of the existing contract, which expires.",
    "Re-procurement of the current service.",
    "",
    "",
    "",
)
