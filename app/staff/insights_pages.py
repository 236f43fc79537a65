"""The equity insights dashboard: who the portal reaches, what people do not find, and every table as CSV."""

from fastapi import APIRouter, HTTPException, Request

from app.accounts import audit
from app.accounts.deps import StaffUser
from app.db import SessionDep
from app.i18n.context import gettext as _
from app.insights import charts, reports
from app.opendata.csv_export import csv_response
from app.staff.pages import client_address, staff_page

router = APIRouter()


def _chart(table: reports.Table, column: int, unit: str):
    data = table.chart_data(column)
    return charts.bar_chart(
        chart_id=f"chart-{table.name}",
        title=table.title,
        description=charts.describe(data, unit) or _("No data yet"),
        data=data,
    )


@router.get("/insights", name="staff_insights")
def dashboard(request: Request, db: SessionDep, user: StaffUser):
    tables = {table.name: table for table in reports.all_tables(db)}
    chart_specs = {
        "reach": (-1, _("page views")),
        "help-languages": (1, _("requests")),
        "help-needs": (1, _("requests")),
        "feedback": (2, _("said no")),
    }
    graphs = {name: _chart(tables[name], column, unit) for name, (column, unit) in chart_specs.items()}
    return staff_page(
        request,
        "staff/insights.html",
        tables=tables,
        charts=graphs,
        comments=reports.recent_comments(db),
        smallest=reports.SMALLEST_SHOWN,
    )


@router.get("/insights/{name}.csv", name="staff_insights_csv")
def table_csv(request: Request, db: SessionDep, user: StaffUser, name: str):
    table = next((table for table in reports.all_tables(db) if table.name == name), None)
    if table is None:
        raise HTTPException(status_code=404)
    audit.record(db, actor=user.username, action="export", target=f"insights: {name}", client=client_address(request))
    db.commit()
    return csv_response(f"signpost-{name}", table.header, table.rows)
