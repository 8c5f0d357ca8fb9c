"""What reviewers read: the de-identification report, gold evaluation, dataset card and Data Docs."""
