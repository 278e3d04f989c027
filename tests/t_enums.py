#!/usr/bin/python3
"""t_enums.py -- every enum literal irready compares an AWS field against is
one AWS sends, and is compared case-insensitively.

The literals are not listed by hand: every str[n][case]cmp(<expr>, "<lit>")
in checks/*.c and src/inventory/*.c is found by parsing the code, and each
(file, <expr>) must appear in exactly one of the tables below:

  ENUM  -- the expression holds a decoded AWS member; the table names it as
           botocore's "service:Structure.Member" (a list member or a map's
           key is followed to its enum). Each literal must be in that
           member's enum (case-insensitively) in Debian's python3-botocore
           model plus tests/botocore-supplement/, unless ALIASES lists it
           with a reason; and the comparison must be strcasecmp or
           strncasecmp (the model's casing is not always the wire's).
  FREE  -- not an enum of the model (a free string member, policy grammar,
           a tag key, a name prefix, irready's own label), with the reason.
  An error-code comparison (err->code and the like) is its own category.

A new comparison that no table names fails this test, so the tables cannot
silently drift from the code. A table row that no longer matches any
comparison fails too.

CLI_EXAMPLES: where the AWS CLI's documented example output
(awscli/examples/<service>/<command>.rst in github aws/aws-cli) shows a
member irready reads, every value of that member in fixtures/ must have the
example's casing (Config prints "lastStatus": "SUCCESS" where the model says
Success). tests/vendor/awscli-examples/ holds the few lines used, with the
licence and SOURCE.
"""
import glob
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(ROOT)

try:
    import botocore
    import botocore.loaders
except ImportError as e:
    print("1..1")
    print("not ok 1 - import botocore (%s); run with Debian's /usr/bin/python3 and python3-botocore" % e)
    sys.exit(1)

ENUM = {
    # checks/
    ('account_security_contact.c', 'c->type'): ['account:GetAlternateContactRequest.AlternateContactType'],
    ('cfn_stacks_managed.c', 'd'): ['cloudformation:StackDriftInformationSummary.StackDriftStatus'],
    ('config_recorder_all_regions.c', 'last_status'): ['config:ConfigurationRecorderStatus.lastStatus'],
    ('dns_query_logging.c', 'q->status'): ['route53resolver:ResolverQueryLogConfigAssociation.Status'],
    ('dns_query_logging.c', 'bad->error'): ['route53resolver:ResolverQueryLogConfigAssociation.Error'],
    ('ebs_snapshot_public_block.c', 'bpa'): ['ec2:GetSnapshotBlockPublicAccessStateResult.State'],
    ('ec2_quarantine_sg.c', 'in->state'): ['ec2:InstanceState.Name'],
    ('events_findings_routed.c', 'er->state'): ['events:Rule.State'],
    ('evidence_lifecycle_archive.c', 'r->status'): ['s3:LifecycleRule.Status'],
    ('evidence_object_lock.c', 'b->lock_mode'): ['s3:DefaultRetention.Mode'],
    ('evidence_versioning.c', 'b->mfa_delete'): ['s3:GetBucketVersioningOutput.MFADelete'],
    ('evidence_versioning.c', 'b->versioning'): ['s3:GetBucketVersioningOutput.Status'],
    ('guardduty_enabled.c', 'd->status'): ['guardduty:GetDetectorResponse.Status'],
    ('guardduty_findings_export.c', 'd->type'): ['guardduty:Destination.DestinationType'],
    ('guardduty_findings_export.c', 'd->status'): ['guardduty:Destination.Status'],
    ('guardduty_findings_export.c', 'weak->status'): ['guardduty:Destination.Status'],
    ('guardduty_malware_snapshot_retention.c', 'p'): ['guardduty:GetMalwareScanSettingsResponse.EbsSnapshotPreservation'],
    ('guardduty_protection_plans.c', 'st'): ['guardduty:DetectorFeatureConfigurationResult.Status'],
    ('guardduty_protection_plans.c', 'd->status'): ['guardduty:DetectorFeatureConfigurationResult.Status'],
    ('iam_access_analyzer.c', 'a->type'): ['accessanalyzer:AnalyzerSummary.type'],
    ('iam_access_analyzer.c', 'a->status'): ['accessanalyzer:AnalyzerSummary.status'],
    ('iam_access_analyzer.c', 't'): ['accessanalyzer:AnalyzerSummary.type'],
    ('inspector_enabled.c', 'st'): ['inspector2:State.status'],
    ('kms_keys_pending_deletion.c', 'k->manager'): ['kms:KeyMetadata.KeyManager'],
    ('kms_keys_pending_deletion.c', 'k->state'): ['kms:KeyMetadata.KeyState'],
    ('log_analytics_ready.c', 's->state'): ['athena:WorkGroupSummary.State', 'cloudtrail:EventDataStore.Status'],
    ('macie_enabled.c', 'm->status'): ['macie2:GetMacieSessionResponse.status'],
    ('org_containment_scp.c', 'oa->feature_set'): ['organizations:Organization.FeatureSet'],
    ('org_delegated_security_admin.c', 'oa->feature_set'): ['organizations:Organization.FeatureSet'],
    ('org_delegated_security_admin.c', 'd->status'): ['organizations:DelegatedAdministrator.Status'],
    ('org_member.c', 'o->feature_set'): ['organizations:Organization.FeatureSet'],
    ('org_security_ous.c', 'x->status'): ['organizations:Account.Status'],
    ('recovery_ami_coverage.c', 'im->state'): ['ec2:Image.State'],
    ('recovery_ami_coverage.c', 'in->ami_state'): ['ec2:Image.State'],
    ('recovery_ami_coverage.c', 'r->instances.v[i].state'): ['ec2:InstanceState.Name'],
    ('recovery_snapshot_coverage.c', 'v->state'): ['ec2:Volume.State'],
    ('recovery_snapshot_coverage.c', 's->state'): ['ec2:Snapshot.State'],
    ('recovery_rpo_met.c', 'p->status'): ['backup:RecoveryPointByBackupVault.Status'],
    ('recovery_rpo_met.c', 's->state'): ['ec2:Snapshot.State'],
    ('recovery_rpo_met.c', 'in->state'): ['ec2:InstanceState.Name'],
    ('recovery_rpo_met.c', 'im->state'): ['ec2:Image.State'],
    ('runbooks_cross_account.c', 'b->versioning'): ['s3:GetBucketVersioningOutput.Status'],
    ('runbooks_ssm_documents.c', 'd->type'): ['ssm:DocumentIdentifier.DocumentType'],
    ('securityhub_enabled.c', 'st'): ['securityhub:StandardsSubscription.StandardsStatus'],
    ('ses_identity_verified.c', 'id->status'): ['ses:IdentityVerificationAttributes.VerificationStatus'],
    ('snapshot_retention_policy.c', 'unit'): ['dlm:RetainRule.IntervalUnit'],
    ('snapshot_retention_policy.c', 'p->state'): ['dlm:LifecyclePolicySummary.State'],
    ('ssm_managed_instances.c', 'in->state'): ['ec2:InstanceState.Name'],
    ('ssm_managed_instances.c', 'm->ping_status'): ['ssm:InstanceInformation.PingStatus'],
    ('ssm_parameters_securestring.c', 'p->type'): ['ssm:ParameterMetadata.Type'],
    ('vpc_default_unused.c', 'r->instances.v[i].state'): ['ec2:InstanceState.Name'],
    ('vpc_default_unused.c', 'in->state'): ['ec2:InstanceState.Name'],
    ('vpc_flow_logs_enabled.c', 'traffic'): ['ec2:FlowLog.TrafficType'],
    ('waf_logging.c', 'w->scope'): ['wafv2:ListWebACLsRequest.Scope'],
    # src/inventory/
    ('inv_analytics.c', 's->state'): ['athena:WorkGroupSummary.State'],
    ('inv_cloudformation.c', 'status'): ['cloudformation:StackSummary.StackStatus'],
    ('inv_cloudtrail.c', 'rw'): ['cloudtrail:EventSelector.ReadWriteType'],
    ('inv_dlm.c', 'dp->type'): ['dlm:PolicyDetails.PolicyType'],
    ('inv_drill.c', 'in->state'): ['ec2:InstanceState.Name'],
    ('inv_drill_sim.c', 'decision'): ['iam:EvaluationResult.EvalDecision',
                                      'iam:ResourceSpecificResult.EvalResourceDecision'],
    ('inv_ec2_fleet.c', 'in->state'): ['ec2:InstanceState.Name'],
    ('inv_ec2_fleet.c', 'r->instances.v[i].state'): ['ec2:InstanceState.Name'],
    ('inv_ec2_fleet.c', 'action'): ['ec2:NetworkAclEntry.RuleAction'],
    ('inv_guardduty.c', 'name'): ['guardduty:DetectorFeatureConfigurationResult.Name'],
    ('inv_iam.c', 'status'): ['iam:AccessKeyMetadata.Status'],
    ('inv_iam.c', 'key'): ['iam:GetAccountSummaryResponse.SummaryMap'],
    ('inv_inspector.c', 'code'): ['inspector2:FailedAccount.errorCode'],
    ('inv_kms.c', 'k->manager'): ['kms:KeyMetadata.KeyManager'],
    ('inv_kms.c', 'k->state'): ['kms:KeyMetadata.KeyState'],
    ('inv_kms.c', 'k->spec'): ['kms:KeyMetadata.KeySpec'],
    ('inv_kms.c', 'k->origin'): ['kms:KeyMetadata.Origin'],
    ('inv_org_admin.c', 'type'): ['organizations:PolicyTypeSummary.Type'],
    ('inv_org_admin.c', 'st'): ['organizations:PolicyTypeSummary.Status'],
    ('inv_org_admin.c', 'oa->feature_set'): ['organizations:Organization.FeatureSet'],
    ('inv_s3.c', 'f->destination_type'): ['ec2:FlowLog.LogDestinationType'],
    ('inv_s3.c', 'loc'): ['s3:GetBucketLocationOutput.LocationConstraint'],
    ('inv_s3.c', 'on'): ['s3:ObjectLockConfiguration.ObjectLockEnabled'],
    ('inv_s3.c', 'c'): ['s3:Transition.StorageClass'],
    ('inv_waf.c', 'lb->type'): ['elbv2:LoadBalancer.Type'],
    ('inv_waf.c', 'lb->scheme'): ['elbv2:LoadBalancer.Scheme'],
}

# Literals accepted beside the model's enum, with the reason.
ALIASES = {
    ('config:ConfigurationRecorderStatus.lastStatus', 'NOT_APPLICABLE'):
        'the AWS CLI prints upper snake case for this member (SUCCESS, see CLI_EXAMPLES); '
        'NOT_APPLICABLE is NotApplicable in that spelling',
}

FREE = {
    ('events_findings_routed.c', 'mode'): 'securityhub GetFindingAggregator RegionLinkingMode is a '
    'NonEmptyString in the model (ALL_REGIONS | ALL_REGIONS_EXCEPT_SPECIFIED | SPECIFIED_REGIONS | '
    'NO_REGIONS in the Security Hub API reference, FindingAggregator); compared case-insensitively',
    ('events_findings_routed.c', 'g->linking_mode'): 'securityhub RegionLinkingMode, as above',
    ('recovery_rpo_met.c', 'd->status'): 'rds DBInstance.DBInstanceStatus is a String (deleting in the RDS docs)',
    ('recovery_rpo_met.c', 's->status'): 'rds DBSnapshot.Status is a String (available in the RDS docs)',
    ('vpc_flow_logs_enabled.c', 'f->status'): 'ec2 FlowLog.FlowLogStatus is a String (ACTIVE in the EC2 docs)',
    ('vpc_flow_logs_enabled.c', 'f->deliver_status'): 'ec2 FlowLog.DeliverLogsStatus is a String (SUCCESS|FAILED in the EC2 docs)',
    ('vpc_nacl_admin_ports.c', 'e->protocol'): 'ec2 NetworkAclEntry.Protocol is a String (a protocol number or -1)',
    ('vpc_nacl_admin_ports.c', 'e->cidr'): 'a CIDR block',
    ('vpc_nacl_admin_ports.c', 'e->ipv6_cidr'): 'a CIDR block',
    ('vpc_sg_admin_ports.c', 'p'): 'ec2 IpPermission.IpProtocol is a String (tcp, udp, icmp, a number or -1)',
    ('vpc_sg_admin_ports.c', 'p->protocol'): 'ec2 IpPermission.IpProtocol is a String (-1: all)',
    ('inv_ec2_fleet.c', 'cidr'): 'a CIDR block',
    ('inv_ec2.c', 'opt'): 'ec2 Region.OptInStatus is a String',
    ('inv_guardduty.c', 'st'): 'guardduty Administrator.RelationshipStatus is a String (Enabled in the GuardDuty docs)',
    ('inv_ec2.c', 'key'): 'a tag key (Name)',
    ('recovery_ami_coverage.c', 't->key'): 'a tag key the user chooses',
    ('baseline_cloudwatch_alarms.c', 'g->name + n - 2'): 'suffix of a log group ARN',
    ('cloudtrail_cloudwatch_logs.c', 'buf + n - 2'): 'suffix of a log group ARN',
    ('logs_retention.c', 'arn + n - 2'): 'suffix of a log group ARN',
    ('iam_support_role.c', 'arn'): 'ARN prefix',
    ('iam_ir_roles.c', 'v'): 'ARN prefix',
    ('inv_s3.c', 'arn'): 'ARN prefix',
    ('inv_sns.c', 's->arn'): 'ARN prefix',
    ('iam_ir_roles.c', 'c->op'): 'IAM policy grammar: a condition operator, not an API member',
    ('iam_ir_roles.c', 'c->key'): 'IAM policy grammar: a global condition key (compared case-insensitively, as IAM does)',
    ('iam_ir_roles.c', 'c->values[k]'): 'IAM policy grammar: a condition value',
    ('iam_ir_roles.c', 'p->type'): 'IAM policy grammar: a Principal element key',
    ('iam_ir_roles.c', 'p->value'): 'IAM policy grammar: the "*" principal',
    ('iam_ir_roles.c', 's'): "a role name prefix irready's guidance suggests",
    ('iam_ir_roles.c', 'n'): 'an AWS managed policy name',
    ('iam_no_star_admin_policies.c', 's'): 'IAM policy grammar: an Action wildcard',
    ('iam_no_star_admin_policies.c', 'st->resources[k]'): 'IAM policy grammar: a Resource wildcard',
    ('iam_no_star_admin_policies.c', 'by'): "irready's own label for roles IAM Identity Center manages",
    ('iam_unused_roles.c', 'by'): "irready's own label for roles IAM Identity Center manages",
    ('iam_unused_roles.c', 'r->path'): 'the IAM path of service-linked roles',
    ('iam_unused_credentials.c', 'k->user'): 'the credential report names the root user <root_account>',
    ('inv_iam.c', 'user'): 'the credential report names the root user <root_account>',
    ('inv_iam.c', 's'): 'an xsd:boolean text',
    ('inv_iam.c', 'req->action'): "irready's own request",
    ('iam_credreport.c', 'out->header[i]'): 'a credential report CSV column name',
    ('inv_policy.c', 'v->valuestring'): 'IAM policy grammar: a wildcard',
    ('inv_policy.c', 'effect'): 'IAM policy grammar: the Effect element',
    ('inv_sns.c', 'v->valuestring'): 'IAM policy grammar: a wildcard',
    ('inv_sns.c', 'e->valuestring'): 'IAM policy grammar: a wildcard',
    ('inv_sns.c', 'p->valuestring'): 'IAM policy grammar: a wildcard',
    ('inv_sns.c', 'effect'): 'IAM policy grammar: the Effect element',
    ('inv_sns.c', 'key'): 'sns TopicAttributesMap keys are Strings (attribute names)',
    ('inv_org_admin.c', 'k'): 'IAM policy grammar: a global condition key (case-insensitive, as IAM compares them)',
    ('inv_cloudtrail.c', 'field'): 'cloudtrail AdvancedFieldSelector.Field is a String',
    ('inv_cloudtrail.c', 'v->valuestring'): 'cloudtrail AdvancedFieldSelector.Equals values are Strings',
    ('inv_drill.c', 'req->params[0].name'): "irready's own request parameter",
    ('inv_drill_sim.c', 'ga->role->arn'): 'ARN prefix',
    ('inv_drill_sim.c', 'sp[k].action'): "irready's own action name (service prefix)",
    ('inv_drill_sim.c', 't->key'): 'a tag key prefix (aws: tags are reserved)',
    ('ir_containment_drill.c', 'item'): "irready's own context entry text (a condition key prefix)",
    ('inv_s3.c', 'action'): "irready's own request",
    ('inv_s3.c', 'region'): "irready's own pseudo-region for global calls",
    ('inv_waf.c', 'cx->region->name'): 'a region name',
    ('log_analytics_ready.c', 's->kind'): "irready's own label for the kind of log store",
    ('log_analytics_ready.c', 'kind'): "irready's own label for the kind of log store",
    ('secrets_rotation.c', 'e'): 'secretsmanager RotationRules.ScheduleExpression is a String',
    ('secrets_rotation.c', 'end'): 'secretsmanager RotationRules.ScheduleExpression is a String',
    ('snapshot_retention_policy.c', 'f[4]'): 'a cron expression field',
    ('runbooks_cross_account.c', 'p'): 'an S3 key prefix the user chooses',
}

# An error response's Code: not an enum member.
ERROR_CODE = re.compile(r'(?:\berr->code|\be->code|_err\.code)$')

CALL = re.compile(r'\b(str(?:n)?(?:case)?cmp)\s*\(\s*([^,;]+?)\s*,\s*"([^"]*)"', re.S)

n = 0
fails = 0


def ok(cond, msg, detail=None):
    global n, fails
    n += 1
    print(('ok %d - %s' if cond else 'not ok %d - %s') % (n, msg))
    if not cond:
        fails += 1
        for line in (detail or '').splitlines():
            print('#   ' + line)


def scan():
    """(file, expr) -> [(line, func, literal)] for every literal comparison."""
    found = {}
    for path in sorted(glob.glob('checks/*.c') + glob.glob('src/inventory/*.c')):
        with open(path) as f:
            src = f.read()
        # comments may quote code; drop them, keeping the line count
        src = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), src, flags=re.S)
        for m in CALL.finditer(src):
            expr = re.sub(r'\s+', ' ', m.group(2))
            line = src.count('\n', 0, m.start()) + 1
            found.setdefault((os.path.basename(path), expr), []).append((path, line, m.group(1), m.group(3)))
    return found


_loader = botocore.loaders.create_loader()
_models = {}


def model(svc):
    if svc not in _models:
        m = _loader.load_service_model(svc, 'service-2')
        sup = os.path.join(ROOT, 'tests', 'botocore-supplement', svc + '.json')
        if os.path.exists(sup):
            with open(sup) as f:
                s = json.load(f)
            for kind in ('operations', 'shapes'):
                for name, v in s.get(kind, {}).items():
                    cur = m[kind].setdefault(name, v)
                    if cur is not v and 'enum' in cur and 'enum' in v:
                        cur['enum'] = cur['enum'] + [e for e in v['enum'] if e not in cur['enum']]
        _models[svc] = m
    return _models[svc]


def member_enum(ref):
    """'svc:Structure.Member' -> the enum values, or raise with why not."""
    svc, rest = ref.split(':', 1)
    struct, member = rest.split('.', 1)
    shapes = model(svc)['shapes']
    if struct not in shapes or member not in shapes[struct].get('members', {}):
        raise LookupError('%s: no such member in botocore %s' % (ref, botocore.__version__))
    shape = shapes[shapes[struct]['members'][member]['shape']]
    if shape.get('type') == 'list':
        shape = shapes[shape['member']['shape']]
    elif shape.get('type') == 'map':
        shape = shapes[shape['key']['shape']]
    if 'enum' not in shape:
        raise LookupError('%s is not an enum in botocore %s (a free string: list it in FREE)'
                          % (ref, botocore.__version__))
    return shape['enum']


found = scan()

unmapped = sorted(k for k in found if k not in ENUM and k not in FREE and not ERROR_CODE.search(k[1]))
both = sorted(k for k in found if k in ENUM and k in FREE)
stale = sorted(k for k in list(ENUM) + list(FREE) if k not in found)

CLI_EXAMPLES = [
    # (aws-cli example under tests/vendor/awscli-examples/, the member as the
    #  example prints it, fixture operation, the member's name in the
    #  fixture body (JSON key or XML tag), botocore member or None for a
    #  free string)
    ('configservice/describe-configuration-recorder-status.rst', 'lastStatus',
     'config.DescribeConfigurationRecorderStatus', 'lastStatus', 'config:ConfigurationRecorderStatus.lastStatus'),
    ('guardduty/get-detector.rst', 'Status', 'guardduty.GetDetector', 'status', 'guardduty:GetDetectorResponse.Status'),
    ('ses/get-identity-verification-attributes.rst', 'VerificationStatus',
     'ses.GetIdentityVerificationAttributes', 'VerificationStatus',
     'ses:IdentityVerificationAttributes.VerificationStatus'),
    ('ssm/describe-instance-information.rst', 'PingStatus', 'ssm.DescribeInstanceInformation', 'PingStatus',
     'ssm:InstanceInformation.PingStatus'),
    ('kms/describe-key.rst', 'KeyState', 'kms.DescribeKey', 'KeyState', 'kms:KeyMetadata.KeyState'),
    ('kms/describe-key.rst', 'KeyManager', 'kms.DescribeKey', 'KeyManager', 'kms:KeyMetadata.KeyManager'),
    ('kms/describe-key.rst', 'KeySpec', 'kms.DescribeKey', 'KeySpec', 'kms:KeyMetadata.KeySpec'),
    ('kms/describe-key.rst', 'Origin', 'kms.DescribeKey', 'Origin', 'kms:KeyMetadata.Origin'),
    ('accessanalyzer/list-analyzers.rst', 'status', 'accessanalyzer.ListAnalyzers', 'status',
     'accessanalyzer:AnalyzerSummary.status'),
    ('accessanalyzer/list-analyzers.rst', 'type', 'accessanalyzer.ListAnalyzers', 'type',
     'accessanalyzer:AnalyzerSummary.type'),
    ('athena/list-work-groups.rst', 'State', 'athena.ListWorkGroups', 'State', 'athena:WorkGroupSummary.State'),
    ('cloudformation/list-stacks.rst', 'StackStatus', 'cloudformation.ListStacks', 'StackStatus',
     'cloudformation:StackSummary.StackStatus'),
    ('cloudtrail/get-event-selectors.rst', 'ReadWriteType', 'cloudtrail.GetEventSelectors', 'ReadWriteType',
     'cloudtrail:EventSelector.ReadWriteType'),
    ('dlm/get-lifecycle-policies.rst', 'State', 'dlm.GetLifecyclePolicies', 'State',
     'dlm:LifecyclePolicySummary.State'),
    ('dlm/get-lifecycle-policy.rst', 'PolicyType', 'dlm.GetLifecyclePolicy', 'PolicyType',
     'dlm:PolicyDetails.PolicyType'),
    ('dlm/get-lifecycle-policy.rst', 'IntervalUnit', 'dlm.GetLifecyclePolicy', 'IntervalUnit',
     'dlm:RetainRule.IntervalUnit'),
    ('ec2/describe-flow-logs.rst', 'TrafficType', 'ec2.DescribeFlowLogs', 'trafficType', 'ec2:FlowLog.TrafficType'),
    ('ec2/describe-flow-logs.rst', 'LogDestinationType', 'ec2.DescribeFlowLogs', 'logDestinationType',
     'ec2:FlowLog.LogDestinationType'),
    ('ec2/describe-flow-logs.rst', 'FlowLogStatus', 'ec2.DescribeFlowLogs', 'flowLogStatus', None),
    ('ec2/describe-flow-logs.rst', 'DeliverLogsStatus', 'ec2.DescribeFlowLogs', 'deliverLogsStatus', None),
    ('ec2/describe-images.rst', 'State', 'ec2.DescribeImages', 'imageState', 'ec2:Image.State'),
    ('ec2/describe-snapshots.rst', 'State', 'ec2.DescribeSnapshots', 'status', 'ec2:Snapshot.State'),
    ('ec2/get-snapshot-block-public-access-state.rst', 'State', 'ec2.GetSnapshotBlockPublicAccessState', 'state',
     'ec2:GetSnapshotBlockPublicAccessStateResult.State'),
    ('elbv2/describe-load-balancers.rst', 'Type', 'elbv2.DescribeLoadBalancers', 'Type', 'elbv2:LoadBalancer.Type'),
    ('elbv2/describe-load-balancers.rst', 'Scheme', 'elbv2.DescribeLoadBalancers', 'Scheme',
     'elbv2:LoadBalancer.Scheme'),
    ('organizations/describe-organization.rst', 'FeatureSet', 'organizations.DescribeOrganization', 'FeatureSet',
     'organizations:Organization.FeatureSet'),
    ('organizations/list-accounts.rst', 'Status', 'organizations.ListAccounts', 'Status',
     'organizations:Account.Status'),
    ('securityhub/get-enabled-standards.rst', 'StandardsStatus', 'securityhub.GetEnabledStandards',
     'StandardsStatus', 'securityhub:StandardsSubscription.StandardsStatus'),
    ('ssm/describe-parameters.rst', 'Type', 'ssm.DescribeParameters', 'Type', 'ssm:ParameterMetadata.Type'),
    ('ssm/list-documents.rst', 'DocumentType', 'ssm.ListDocuments', 'DocumentType',
     'ssm:DocumentIdentifier.DocumentType'),
    ('s3api/get-bucket-versioning.rst', 'Status', 's3.GetBucketVersioning', 'Status',
     's3:GetBucketVersioningOutput.Status'),
    ('s3api/get-object-lock-configuration.rst', 'ObjectLockEnabled', 's3.GetObjectLockConfiguration',
     'ObjectLockEnabled', 's3:ObjectLockConfiguration.ObjectLockEnabled'),
    ('s3api/get-object-lock-configuration.rst', 'Mode', 's3.GetObjectLockConfiguration', 'Mode',
     's3:DefaultRetention.Mode'),
    ('s3api/get-bucket-lifecycle-configuration.rst', 'Status', 's3.GetBucketLifecycleConfiguration', 'Status',
     's3:LifecycleRule.Status'),
    ('s3api/get-bucket-lifecycle-configuration.rst', 'StorageClass', 's3.GetBucketLifecycleConfiguration',
     'StorageClass', 's3:Transition.StorageClass'),
    ('iam/list-access-keys.rst', 'Status', 'iam.ListAccessKeys', 'Status', 'iam:AccessKeyMetadata.Status'),
    ('iam/simulate-principal-policy.rst', 'EvalDecision', 'iam.SimulatePrincipalPolicy', 'EvalDecision',
     'iam:EvaluationResult.EvalDecision'),
]

# plan: 4 table checks, one per ENUM row, two per CLI example
print('1..%d' % (4 + len(ENUM) + 2 * len(CLI_EXAMPLES)))
ok(not unmapped, 'every literal comparison in checks/ and src/inventory/ is in ENUM or FREE',
   '\n'.join('%s: %s vs %s (%s:%d)' % (k[0], k[1], ', '.join('"%s"' % o[3] for o in found[k]),
                                        found[k][0][0], found[k][0][1]) for k in unmapped))
ok(not both, 'no comparison is both ENUM and FREE', '\n'.join(map(str, both)))
ok(not stale, 'every ENUM/FREE row still matches a comparison in the code', '\n'.join(map(str, stale)))
errs = [k for k in found if ERROR_CODE.search(k[1]) and
        any(not re.fullmatch(r'[A-Za-z0-9.]+', o[3]) for o in found[k])]
ok(not errs, 'every error-code comparison compares against an error code name', '\n'.join(map(str, errs)))

for key in sorted(ENUM):
    problems = []
    for ref in ENUM[key]:
        try:
            values = {v.lower() for v in member_enum(ref)}
        except LookupError as e:
            problems.append(str(e))
            continue
        for path, line, func, lit in found.get(key, []):
            where = '%s:%d' % (path, line)
            if 'case' not in func:
                problems.append('%s: %s(%s, "%s") is case-sensitive; an AWS enum is compared with '
                                'strcasecmp/strncasecmp' % (where, func, key[1], lit))
            if func.startswith('strn'):
                hit = any(v.startswith(lit.lower()) for v in values)
            else:
                hit = lit.lower() in values
            if not hit and (ref, lit) not in ALIASES:
                problems.append('%s: "%s" is not in %s (%s)' % (where, lit, ref, ', '.join(member_enum(ref))))
    lits = sorted({o[3] for o in found.get(key, [])})
    ok(not problems, '%s %s: %s in %s' % (key[0], key[1], '/'.join(lits), ', '.join(ENUM[key])),
       '\n'.join(problems))


def example_values(rst, member):
    """The values of "member": "..." in the example's output."""
    path = os.path.join(ROOT, 'tests', 'vendor', 'awscli-examples', rst)
    with open(path) as f:
        text = f.read()
    return re.findall(r'"%s"\s*:\s*"([^"]*)"' % re.escape(member), text), path


def fixture_values(op, member):
    """(path, value) of every "member": "..." / <member>...</member> in the
    recorded answers of op (fixtures/<scenario>/<account>/<region>/<op>[.x].http)."""
    out = []
    paths = glob.glob('fixtures/**/%s.http' % op, recursive=True) + \
        glob.glob('fixtures/**/%s.*.http' % op, recursive=True)
    for path in sorted(set(paths)):
        with open(path, errors='replace') as f:
            body = f.read()
        for m in re.finditer(r'"%s"\s*:\s*"([^"]*)"|<%s>([^<]*)</%s>' % ((re.escape(member),) * 3), body):
            out.append((path, m.group(1) if m.group(1) is not None else m.group(2)))
    return out


for rst, member, op, key, ref in CLI_EXAMPLES:
    try:
        shown, path = example_values(rst, member)
    except OSError as e:
        shown, path = [], str(e)
    ok(bool(shown), 'aws-cli example %s shows %s' % (rst, member), path)
    model_values = member_enum(ref) if ref else []
    # The casing AWS sends: the example's own for every value it shows.
    # For a value it does not show: when the example spells a value
    # differently from the model (SUCCESS for Success), the example's style
    # (upper snake case); else the model's. A free string (ref None): the
    # example's style when all it shows is upper case.
    by_lower = {v.lower(): v for v in shown}
    upper = bool(shown) and all(v == v.upper() for v in shown) and (
        not ref or any(v not in model_values for v in shown))
    bad = []
    vals = fixture_values(op, key)
    for fpath, v in vals:
        want = by_lower.get(v.lower())
        if want is None and ref:
            cands = [m for m in model_values if m.lower().replace('_', '') == v.lower().replace('_', '')]
            if not cands:
                bad.append('%s: %s "%s" is not a value of %s' % (fpath, key, v, ref))
                continue
            want = re.sub(r'(?<=[a-z])(?=[A-Z])', '_', cands[0]).upper() if upper else cands[0]
        elif want is None:
            want = v.upper() if upper else v
        if v != want:
            bad.append('%s: %s "%s" where AWS sends "%s"' % (fpath, key, v, want))
    ok(bool(vals) and not bad, 'fixtures\' %s values (%d) in %s have the casing of the aws-cli example %s'
       % (key, len(vals), op, rst), '\n'.join(bad) if bad else ('no fixture of ' + op + ' has ' + key))

sys.exit(1 if fails else 0)
