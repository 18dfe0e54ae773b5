from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "goumai.evaluation"
    label = "evaluation"
    verbose_name = "绩效评价"

    def ready(self):
        from goumai.evaluation.services import evaluation_before_evaluate
        from goumai.projects.lifecycle import register_precondition

        register_precondition("evaluate", evaluation_before_evaluate)
