"""What every synced record type is, in one place: the registry, the codec and the wire schemas.

``registry`` lists each record type that syncs (its table, owner, who may make and change it,
and its check); ``codec`` turns rows, wire values and the services' inputs into one another;
``wire`` builds each type's pydantic schema from its mapped columns (imported only where
pydantic is, so the window starts without it). Laptop and server import the same modules.
"""
