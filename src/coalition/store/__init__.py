"""The store: the only place with SQL. Tables, engine, migrations, writes, queries, transfer."""
