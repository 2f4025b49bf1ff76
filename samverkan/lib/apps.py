from django.apps import AppConfig


class LibConfig(AppConfig):
    """The shared helpers; installing it gives every form's text and date fields their defaults (lib.forms)."""

    name = "samverkan.lib"
    verbose_name = "Samverkan helpers"

    def ready(self) -> None:
        from samverkan.lib.forms import install_form_defaults

        install_form_defaults()
