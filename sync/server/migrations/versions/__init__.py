"""Server schema revisions, applied in order by `pantau-server migrate`."""
