"""Two demo accounts for trying the portal locally; refuses to run outside DEBUG."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from angebote.models import Angebot
from angebote.services import angebot_edit, angebot_submit, angebot_version_to_edit
from sozialraeume.models import Akteur, Membership, User
from sozialraeume.roles import sync_fachdienst_access

PROVIDER = ("traeger@demo.jena.example", "Demo-Traeger-2026", "Demo-Person Träger")
FACHDIENST = ("fachdienst@demo.jena.example", "Demo-Fachdienst-2026", "Demo-Person Fachdienst")


class Command(BaseCommand):
    help = (
        "Development only (DEBUG): create a provider account (administrator of the first demo "
        "actor, with one change of its offers waiting for moderation) and a Fachdienst "
        "account with known passwords, if missing, and print them."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("create_demo_users runs only in development (DJANGO_DEBUG=true).")
        akteur = Akteur.objects.filter(is_sample=True).order_by("name").first()
        if akteur is None:
            raise CommandError("No demo actor: run `manage.py load_jena --demo` first.")
        with transaction.atomic():
            provider, provider_new = self._user(*PROVIDER)
            Membership.objects.get_or_create(
                user=provider, akteur=akteur, defaults={"role": Membership.Role.ADMIN}
            )
            fachdienst, fachdienst_new = self._user(*FACHDIENST, is_fachdienst=True)
            # The admin (vocabularies, actors, goals) through the Fachdienst group's permissions.
            sync_fachdienst_access(fachdienst)
            if provider_new:
                self._change_for_review(provider, akteur)
        self.stdout.write("Demo accounts (development only), log in at /konto/anmelden/:")
        self._print(PROVIDER, provider_new, f"administrator of {akteur.name}")
        self._print(FACHDIENST, fachdienst_new, "Fachdienst Soziales")

    def _change_for_review(self, provider: User, akteur: Akteur) -> None:
        """Something in the moderation queue: the provider changed a published offer."""
        angebot = akteur.angebote.filter(status=Angebot.Status.PUBLISHED).order_by("pk").first()
        if angebot is None:
            return
        draft = angebot_version_to_edit(angebot=angebot, user=provider)
        draft.summary = f"{angebot.summary} Neu: jetzt auch mit Kinderbetreuung."
        angebot_edit(
            angebot=draft,
            user=provider,
            kategorien=angebot.kategorien.all(),
            zielgruppen=angebot.zielgruppen.all(),
            merkmale=angebot.merkmale.all(),
            zeiten=[(z.weekday, z.opens, z.closes) for z in angebot.zeiten.all()],
        )
        angebot_submit(angebot=draft, user=provider)

    def _user(self, email: str, password: str, name: str, **flags) -> tuple[User, bool]:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            return user, False
        return User.objects.create_user(email=email, password=password, name=name, **flags), True

    def _print(self, account: tuple[str, str, str], new: bool, what: str) -> None:
        email, password, _name = account
        note = "" if new else " (existed already; password as created unless changed)"
        self.stdout.write(f"  {what}: {email} / {password}{note}")
