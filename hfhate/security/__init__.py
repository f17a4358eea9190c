"""Safe to lose: the building blocks that make a lost laptop a non-event (issue 13).

- ``store_key``: the store key, 256 random bits per data folder, kept in the OS credential
  store (``keyring``) or, where there is none, wrapped by an administrator passphrase
  (argon2id + AES-256-GCM) in ``store-key.json``; a fixed public key for the demo store.
- ``cipher_store``: an SQLAlchemy engine on a SQLCipher 4 file opened with that key (raw key,
  no KDF), with WAL, foreign keys, ``synchronous=FULL`` and a busy timeout as the plain store
  had; ``check_in_force`` refuses a store where any of them is not in force. The project's
  Alembic migrations run on it unchanged (``hfhate.models.store.upgrade(engine)``).
- ``photo_box``: evidence photos sealed with AES-256-GCM under a key derived from the store
  key (HKDF), named and checked by the SHA-256 of their clear bytes, written atomically and
  never in clear.
- ``upgrade``: converts a plain store, its backups and its photos in place, so that a process
  killed at any step loses nothing: ``finish_interrupted_upgrade`` rolls back or forward.
- ``erase``: a data folder erased on the server's order (key destroyed, every file shredded,
  ``ERASED.txt`` left saying why); ``refuse_if_erased`` refuses to start there again.
- ``private_files``: atomic owner-only writes and shredding, used by all of the above.

At start (``hfhate.startup.prepare_store``, for the window and every command) the app
finishes any interrupted upgrade, takes the key (``load_or_create_key``), upgrades a plain
data folder, then opens the store with the key (``hfhate.models.store.open_store``:
``make_cipher_engine`` and ``check_in_force``). Every error here is a ``SecurityError``
whose message a user can act on.
"""
