"""Service classification from codes and words: the cases that CPV codes alone got wrong."""

from __future__ import annotations

from supplygraph.loaders.classify import classify


def test_managed_print_is_it_but_not_hosting():
    result = classify(["30120000", "50313000"], "Managed Print Service", "")
    assert (result.service_class, result.towers) == ("it-other", ())
    assert 'title: "managed print service"' in result.evidence


def test_hybrid_mail_under_telecoms_codes_is_not_it():
    result = classify(["64100000", "64200000"], "Patient Communication & Hybrid Mail", "Printing and posting letters")
    assert (result.service_class, result.towers) == ("none", ())
    assert result.evidence == ('title: "hybrid mail" (not IT)',)


def test_resold_licences_are_it_other_not_application_services():
    result = classify(["48000000", "72260000"], "N365 Licences", "Microsoft licences under the NHS agreement")
    assert (result.service_class, result.towers) == ("it-other", ())


def test_digital_forensics_framework_is_one_it_other_not_four_towers():
    result = classify(["72000000", "72500000", "72600000", "64200000"], "Digital Forensics Services Framework", "")
    assert (result.service_class, result.towers) == ("it-other", ())


def test_wan_replacement_is_networks_with_its_words_and_code_as_evidence():
    result = classify(["32412100"], "WAN replacement", "Replacement of the wide area network across 40 sites")
    assert result.towers == ("networks",)
    assert result.evidence == ('title: "wan"', 'description: "wide area network"', "cpv 32412100")


def test_a_bus_network_is_not_a_network():
    result = classify(["60112000"], "Bus Network Review", "A review of the county's bus network and timetables")
    assert result.service_class == "none"


def test_a_service_desk_with_device_support_is_end_user_services():
    result = classify(["72253000"], "Service Desk and End User Support", "")
    assert result.towers == ("end-user-services",)


def test_a_whole_estate_managed_service_provider_is_the_usual_three_towers():
    result = classify(["72222300"], "IT Managed Service Provider", "")
    assert result.towers == ("hosting", "end-user-services", "networks")


def test_several_towers_in_one_notice_come_in_taxonomy_order():
    result = classify(["72000000"], "SIAM and application support", "Service integration and application maintenance")
    assert result.towers == ("service-integration", "application-services")
    assert result.label == "service-integration;application-services"


def test_codes_without_words_are_it_only_when_mostly_it():
    assert classify(["72000000"], "Research Repository", "").service_class == "it-other"
    assert classify(["72000000", "73000000", "79000000"], "Consultancy Services DPS", "").service_class == "none"


def test_development_and_support_of_a_named_system_is_application_services():
    result = classify(["72000000"], "Payroll System Development Support", "Support and develop the payroll platform")
    assert result.towers == ("application-services",)
    assert 'title: "development support" (work on software)' in result.evidence
    assert 'description: "support and develop the payroll platform" (work on software)' in result.evidence


def test_a_website_redesign_is_application_services_without_help_from_codes():
    result = classify([], "Website re-design, development and maintenance", "")
    assert (result.towers, result.evidence) == (("application-services",), ('title: "website re-design"',))


def test_a_development_site_or_a_system_without_it_codes_is_not_software_work():
    assert classify(["45000000"], "Development of the Station Road site", "").service_class == "none"
    assert classify(["50000000"], "Maintenance of the traffic signal system", "").service_class == "none"


def test_maintaining_a_software_product_stays_it_other():
    result = classify(["48445000"], "Supply and Maintenance of CRM Software", "")
    assert (result.service_class, result.towers) == ("it-other", ())


def test_upgrading_equipment_or_running_a_dps_is_not_software_work():
    assert classify(["32550000", "72000000"], "Upgrade of the telephony system", "").towers == ("networks",)
    assert classify(["72000000"], "Support Services Dynamic Purchasing System", "").towers == ()


def test_application_migration_is_hosting():
    assert classify(["72000000"], "Application Migration Services", "").towers == ("hosting",)
