"""The service directory: organisations, services, locations, community hubs, activities, taxonomy."""
