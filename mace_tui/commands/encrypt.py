"""``mace-tui encrypt``: encrypt the SQLite database with SQLCipher (set-up's choice, scripted)."""

from __future__ import annotations

from typing import Any

import click

from mace_tui.commands.common import authorise, common_options, fail, resolve_settings, user_errors


@click.command()
@common_options
@click.pass_context
@user_errors
def encrypt(ctx: click.Context, **options: Any) -> None:
    """Encrypt the database (SQLite, with SQLCipher): what set-up offers, for scripted installs.

    A new store is created encrypted; an existing one is encrypted in place
    (close every other mace-tui using it first). Its key is kept like the other
    keys: in the config folder (keys/<store id>/database.key) or, with
    key_store = "keyring", the OS keyring; never in the data folder. Needs the
    optional sqlcipher3 package: pip install 'mace-tui[cipher]'.
    """
    settings = resolve_settings(ctx, **options)
    if settings.sqlite_path is None:
        fail(
            "--db: only an SQLite store is encrypted by mace-tui; a PostgreSQL server keeps "
            "its own data (encrypt its disk or use its own encryption)."
        )
    from mace_tui.cipher import encrypt_store
    from mace_tui.protection import open_store, os_user
    from store.cipher import dbapi

    dbapi()  # the driver, before anything is created
    store = open_store(settings)
    authorise(store, "encrypt", what="encrypt")
    try:
        done = encrypt_store(settings, store, user=os_user())
    finally:
        store.close()
    click.echo(done.message())
