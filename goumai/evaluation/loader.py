"""Installing the shipped sector templates (``goumai load_frameworks``)."""

from django.db import transaction

from goumai.audit.services import audit, created
from goumai.evaluation.data import TEMPLATES, sector_template
from goumai.evaluation.models import Framework
from goumai.evaluation.services import _save_nodes, framework_key, policy
from goumai.regions.models import Region


@transaction.atomic
def seed_sector_templates() -> int:
    """Create the templates that do not exist yet; never touch a revised one."""
    province = Region.objects.get(level=Region.Level.PROVINCE)
    policy()
    made = []
    for sector, name in TEMPLATES.items():
        key = framework_key(region=province, sector=sector, item=None)
        if Framework.objects.filter(key=key).exists():
            continue
        framework = Framework.objects.create(
            key=key, name=name, region=province, sector=sector, created_by="system"
        )
        _save_nodes(framework, sector_template(sector))
        made.append(framework)
    audit(actor=None, changes=[created(f) for f in made])
    return len(made)
