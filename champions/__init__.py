"""Champions: the platform of WeGO's Smart City Champions youth program."""
