from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A password must mix letters with digits or symbols."""

    def validate(self, password: str, user=None) -> None:
        has_letter = any(c.isalpha() for c in password)
        has_other = any(not c.isalpha() for c in password)
        if not (has_letter and has_other):
            raise ValidationError(
                _("密码须同时包含字母和数字（或符号）。"), code="password_character_classes"
            )

    def get_help_text(self) -> str:
        return _("密码须同时包含字母和数字（或符号）。")
