from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "Documents and exports"

    def ready(self):
        # Reports generated and downloaded are part of the review's history, in words. The
        # history lives in reviews/, which never imports documents/: the records join its
        # list of tracked models from here.
        from documents.models import GeneratedReport, ReportDownload
        from reviews import history

        def report(row, names) -> str:
            which = ", of an assessment point" if row.point_id else ""
            return f"stored report “{row.get_kind_display()}{which}”"

        def download(row, names) -> str:
            stored = names.latest.get(GeneratedReport, {}).get(row.report_id)
            return f"download of the {report(stored, names)}" if stored else "a download"

        history.TRACKED.extend(
            [(GeneratedReport, "review", report), (ReportDownload, "report", download)]
        )
