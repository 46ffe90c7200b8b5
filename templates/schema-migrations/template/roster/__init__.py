"""Schema migrations: a member roster whose table changes under coodie's own migration tool."""
