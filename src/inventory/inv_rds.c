/*
 * inv_rds.c -- RDS DB instances and their snapshots (recovery points)
 *
 * RDS speaks the query protocol (service "rds", API 2014-10-31): lists in
 * <DBInstances><DBInstance>, paged with MaxRecords and <Marker>.
 * DB_INSTANCES is DescribeDBInstances (with each instance's TagList and,
 * for automated backups, LatestRestorableTime: point-in-time restore
 * reaches that far). DB_SNAPSHOTS is DescribeDBSnapshots without a type:
 * the account's automated and manual snapshots (AWS Backup's RDS recovery
 * points are snapshots too).
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <string.h>

/* MaxRecords: the SDK paginators' page size (20-100) */
#define RDS_PAGE_SIZE "100"

static struct aws_request rds_list(const char *action)
{
	struct aws_request req = { .service = "rds",
				   .action = action,
				   .token_param = "Marker" };

	aws_request_param(&req, "MaxRecords", RDS_PAGE_SIZE);
	return req;
}

static int instances_page(struct collect_ctx *cx, struct axml_node *res,
			  void *arg)
{
	for (struct axml_node *it = axml_items(axml_child(res, "DBInstances"));
	     it; it = axml_next(it)) {
		struct inv_db_instance *d =
			INV_PUSH(cx->arena, cx->region->db_instances);

		d->id = axml_str(cx->arena, it, "DBInstanceIdentifier");
		d->arn = axml_str(cx->arena, it, "DBInstanceArn");
		d->engine = axml_str(cx->arena, it, "Engine");
		d->status = axml_str(cx->arena, it, "DBInstanceStatus");
		d->cluster = axml_str(cx->arena, it, "DBClusterIdentifier");
		d->backup_retention = axml_long(it, "BackupRetentionPeriod", 0);
		d->latest_restorable = axml_time(it, "LatestRestorableTime");
		d->tags = inv_xml_tags(cx->arena, it, "TagList", "Key", "Value",
				       &d->ntags);
		if (!d->id)
			return inv_malformed(cx, arg,
					     "a DB instance without "
					     "DBInstanceIdentifier");
	}
	return 0;
}

int inv_collect_db_instances(struct collect_ctx *cx)
{
	struct aws_request req = rds_list("DescribeDBInstances");

	return inv_xml_pages(cx, &req, "Marker", instances_page, &req);
}

static int snapshots_page(struct collect_ctx *cx, struct axml_node *res,
			  void *arg)
{
	for (struct axml_node *it = axml_items(axml_child(res, "DBSnapshots"));
	     it; it = axml_next(it)) {
		struct inv_db_snapshot *s =
			INV_PUSH(cx->arena, cx->region->db_snapshots);

		s->id = axml_str(cx->arena, it, "DBSnapshotIdentifier");
		s->db_instance_id =
			axml_str(cx->arena, it, "DBInstanceIdentifier");
		s->status = axml_str(cx->arena, it, "Status");
		s->type = axml_str(cx->arena, it, "SnapshotType");
		s->created = axml_time(it, "SnapshotCreateTime");
		if (!s->id)
			return inv_malformed(cx, arg,
					     "a DB snapshot without "
					     "DBSnapshotIdentifier");
	}
	return 0;
}

int inv_collect_db_snapshots(struct collect_ctx *cx)
{
	struct aws_request req = rds_list("DescribeDBSnapshots");

	return inv_xml_pages(cx, &req, "Marker", snapshots_page, &req);
}

/* `irready inventory` */
static void db_instances_json(cJSON *o, const struct inv_account *acct,
			      const struct inv_region *r)
{
	cJSON *a = cJSON_AddArrayToObject(o, "db_instances");

	for (size_t i = 0; i < r->db_instances.n; i++) {
		const struct inv_db_instance *d = &r->db_instances.v[i];
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", d->id);
		inv_json_str(x, "engine", d->engine);
		inv_json_str(x, "status", d->status);
		cJSON_AddNumberToObject(x, "backup_retention_days",
					(double)d->backup_retention);
		inv_json_time(x, "latest_restorable", d->latest_restorable);
		cJSON_AddItemToArray(a, x);
	}
}

static void db_snapshots_json(cJSON *o, const struct inv_account *acct,
			      const struct inv_region *r)
{
	cJSON *a = cJSON_AddArrayToObject(o, "db_snapshots");

	for (size_t i = 0; i < r->db_snapshots.n; i++) {
		const struct inv_db_snapshot *s = &r->db_snapshots.v[i];
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", s->id);
		inv_json_str(x, "db_instance", s->db_instance_id);
		inv_json_str(x, "status", s->status);
		inv_json_str(x, "type", s->type);
		inv_json_time(x, "created", s->created);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_db_instances = {
	.name = "DB_INSTANCES",
	.scope = INV_REGION,
	.description = "RDS DB instances",
	.actions = "rds:DescribeDBInstances",
	.collect = inv_collect_db_instances,
	.dump = db_instances_json,
};

const struct dataset ds_db_snapshots = {
	.name = "DB_SNAPSHOTS",
	.scope = INV_REGION,
	.description = "RDS DB snapshots",
	.actions = "rds:DescribeDBSnapshots",
	.collect = inv_collect_db_snapshots,
	.dump = db_snapshots_json,
};
