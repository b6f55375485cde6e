# Import a project by its id. The organisation's Default Project cannot be
# imported (it cannot be deleted); read it with data "zilliz_project".
terraform import zilliz_project.search proj-4487580fcfe2c8a4391686
