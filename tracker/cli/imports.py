"""`tracker import`: the same preview and import as the import page, from a shell."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.commands import bp
from tracker.cli.export import user_by_email
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.imports import services
from tracker.imports.mapping import from_pairs
from tracker.timeutils import utcnow


def _mapping(user, source: str, file: Path, pairs: tuple[str, ...]) -> dict[str, str]:  # noqa: ANN001
    if not pairs:
        return {}
    with file.open("rb") as stream:
        found = services.preview(user, source, stream, {}, now=utcnow()).choices
    db.session.rollback()
    return from_pairs(pairs, found)


@bp.cli.command("import")
@click.option("--user", "email", required=True, help="The account's email.")
@click.option(
    "--source",
    type=click.Choice(tuple(services.SOURCES)),
    default="json",
    show_default=True,
    help="The app the file comes from (json and csv: this app's exports, into an empty account).",
)
@click.option("--dry-run", is_flag=True, help="Print the preview; add nothing.")
@click.option(
    "--map",
    "pairs",
    multiple=True,
    metavar="LABEL=VALUE",
    help="Map a name in the file, e.g. --map Depressed=2 --map Yoga=practice:mindfulness:20.",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(email: str, source: str, dry_run: bool, pairs: tuple[str, ...], file: Path) -> None:
    """Import a file (all of it, or nothing), printing the same summary as the preview."""
    user, now = user_by_email(email), utcnow()
    try:
        mapping = _mapping(user, source, file, pairs)
        with file.open("rb") as stream:
            if dry_run:
                result = services.preview(user, source, stream, mapping, now=now)
            else:
                _, result = services.run(user, source, stream, file.name, mapping, now=now)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    except Invalid as exc:
        db.session.rollback()
        raise click.ClickException(f"Nothing was imported. {exc.message}") from exc
    for line in services.summary_lines(result, done=not dry_run):
        click.echo(line)
    if dry_run:
        click.echo("Dry run: nothing was added.")
