"""Move what was held per child onto households: each child's video-call device and internet access, with their
address and postcode, become a household the child is a member of. Children at the same address and postcode
whose answers agree share one household; where answers differ they get a household each, so no answer is lost.
Family member entries already linked to another child's record become sibling links (kind not recorded).

Reversible: going back copies each child's current household's answers onto the child again."""

from django.db import migrations
from django.utils import timezone


def _key(address, postcode):
    return (" ".join((address or "").split()).lower(), (postcode or "").replace(" ", "").upper())


def forwards(apps, schema_editor):
    Child = apps.get_model("people", "Child")
    Household = apps.get_model("people", "Household")
    HouseholdMember = apps.get_model("people", "HouseholdMember")
    FamilyMember = apps.get_model("people", "FamilyMember")
    SiblingLink = apps.get_model("people", "SiblingLink")
    groups = {}
    for pk, address, postcode, device, internet in (
        Child.objects.order_by("pk")
        .values_list("pk", "address", "postcode", "has_video_device", "has_internet_access")
        .iterator(chunk_size=5000)
    ):
        where = _key(address, postcode)
        if where == ("", "") and device is None and internet is None:
            continue  # nothing recorded: no household to make
        key = (where, device, internet) if where != ("", "") else ("child", pk)
        groups.setdefault(
            key, {"address": address, "postcode": postcode, "device": device, "internet": internet, "children": []}
        )["children"].append(pk)
    for group in groups.values():
        household = Household.objects.create(
            address=group["address"] or "",
            postcode=group["postcode"] or "",
            has_video_device=group["device"],
            has_internet_access=group["internet"],
        )
        HouseholdMember.objects.bulk_create(
            [HouseholdMember(household=household, child_id=pk) for pk in group["children"]]
        )
    now = timezone.now()
    seen = set()
    for member_id, child_id, sibling_id in FamilyMember.objects.filter(sibling__isnull=False).values_list(
        "pk", "child_id", "sibling_id"
    ):
        pair = (min(child_id, sibling_id), max(child_id, sibling_id))
        if child_id == sibling_id or pair in seen:
            continue
        seen.add(pair)
        SiblingLink.objects.create(
            child_id=pair[0], sibling_id=pair[1], kind="not_recorded", family_member_id=member_id, linked_at=now
        )


def backwards(apps, schema_editor):
    Child = apps.get_model("people", "Child")
    HouseholdMember = apps.get_model("people", "HouseholdMember")
    for member in HouseholdMember.objects.filter(child__isnull=False, ended_on__isnull=True).select_related(
        "household"
    ):
        Child.objects.filter(pk=member.child_id).update(
            has_video_device=member.household.has_video_device,
            has_internet_access=member.household.has_internet_access,
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_households_and_sibling_links")]

    operations = [migrations.RunPython(forwards, backwards)]
