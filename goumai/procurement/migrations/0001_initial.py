import django.db.models.deletion
from django.db import migrations, models


MODELS = ("procurement", "invitation", "bid", "award")


def _relabel(apps, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types(apps, schema_editor):
    _relabel(apps, "projects", "procurement")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, "procurement", "projects")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('projects', '0004_procurement_moves_to_its_own_app'),
        ('providers', '0003_supportrecord'),
    ]

    # The models moved here from the ``projects`` app: their tables (projects_procurement,
    # projects_invitation, projects_bid, projects_award) already exist with their rows,
    # so only Django's picture of the models is created. Content types follow the
    # models, so permissions and admin history stay attached.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Procurement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('method', models.CharField(choices=[('open_tender', '公开招标'), ('invited_tender', '邀请招标'), ('competitive_negotiation', '竞争性谈判'), ('competitive_consultation', '竞争性磋商'), ('single_source', '单一来源'), ('request_for_quotation', '询价'), ('framework_agreement', '框架协议'), ('small_purchase', '小额自行采购')], max_length=32, verbose_name='采购方式')),
                        ('single_source_justification', models.TextField(blank=True, verbose_name='单一来源理由')),
                        ('announced_on', models.DateField(verbose_name='公告（邀请）日期')),
                        ('deadline', models.DateField(blank=True, null=True, verbose_name='响应截止日期')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('project', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='procurement', to='projects.project')),
                    ],
                    options={
                        'verbose_name': '采购',
                        'verbose_name_plural': '采购',
                        'db_table': 'projects_procurement',
                    },
                ),
                migrations.CreateModel(
                    name='Invitation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('invited_on', models.DateField(verbose_name='邀请日期')),
                        ('provider', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='providers.provider', verbose_name='受邀承接主体')),
                        ('procurement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='procurement.procurement')),
                    ],
                    options={
                        'db_table': 'projects_invitation',
                    },
                ),
                migrations.CreateModel(
                    name='Bid',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='报价（元）')),
                        ('technical_score', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, verbose_name='技术评分')),
                        ('submitted_on', models.DateField(verbose_name='提交日期')),
                        ('disqualified', models.BooleanField(default=False, verbose_name='无效投标')),
                        ('disqualification_reason', models.CharField(blank=True, max_length=300, verbose_name='无效原因')),
                        ('provider', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='providers.provider', verbose_name='承接主体')),
                        ('procurement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bids', to='procurement.procurement')),
                    ],
                    options={
                        'db_table': 'projects_bid',
                        'ordering': ['amount'],
                    },
                ),
                migrations.CreateModel(
                    name='Award',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='成交金额（元）')),
                        ('reasons', models.TextField(verbose_name='成交理由')),
                        ('deviation_reason', models.TextField(blank=True, help_text='所选承接主体不是综合排名第一时必填，随结果公开。', verbose_name='未选择综合排名第一的理由')),
                        ('awarded_on', models.DateField(verbose_name='成交日期')),
                        ('provider', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='providers.provider', verbose_name='成交承接主体')),
                        ('bid', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='award', to='procurement.bid')),
                        ('procurement', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='award', to='procurement.procurement')),
                    ],
                    options={
                        'db_table': 'projects_award',
                    },
                ),
                migrations.AddConstraint(
                    model_name='procurement',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('method', 'single_source'), _negated=True), models.Q(('single_source_justification', ''), _negated=True), _connector='OR'), name='procurement_single_source_justified'),
                ),
                migrations.AddConstraint(
                    model_name='invitation',
                    constraint=models.UniqueConstraint(fields=('procurement', 'provider'), name='invitation_once'),
                ),
                migrations.AddConstraint(
                    model_name='bid',
                    constraint=models.UniqueConstraint(fields=('procurement', 'provider'), name='bid_once_per_provider'),
                ),
                migrations.AddConstraint(
                    model_name='bid',
                    constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='bid_amount_positive'),
                ),
                migrations.AddConstraint(
                    model_name='bid',
                    constraint=models.CheckConstraint(condition=models.Q(('technical_score__isnull', True), models.Q(('technical_score__gte', 0), ('technical_score__lte', 100)), _connector='OR'), name='bid_score_range'),
                ),
                migrations.AddConstraint(
                    model_name='bid',
                    constraint=models.CheckConstraint(condition=models.Q(('disqualified', False), models.Q(('disqualification_reason', ''), _negated=True), _connector='OR'), name='bid_disqualification_has_reason'),
                ),
                migrations.AddConstraint(
                    model_name='award',
                    constraint=models.CheckConstraint(condition=models.Q(('reasons', ''), _negated=True), name='award_has_reasons'),
                ),
                migrations.AddConstraint(
                    model_name='award',
                    constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='award_amount_positive'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
