"""Drafts, versions and publishing for services, activities, hubs and guides."""
