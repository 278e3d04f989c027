/* test_score.c -- readiness scores, grades and coverage (report/score.h) */
#include "check.h"
#include "findings.h"
#include "irready.h"
#include "score.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define is_num(got, want, ...)                                                 \
	do {                                                                   \
		double gd_ = (got), wd_ = (want);                              \
		if (!ok(fabs(gd_ - wd_) < 1e-9, __VA_ARGS__))                  \
			printf("#   got: %.17g\n#  want: %.17g\n", gd_, wd_);  \
	} while (0)

/* Grades compared as one-letter strings, so a failure prints letters. */
#define is_grade(got, want, ...)                                               \
	is_str(((char[2]){ (char)(got), 0 }), ((char[2]){ (char)(want), 0 }),  \
	       __VA_ARGS__)

/*
 * The registry has no critical, info, detection or containment check yet:
 * these two synthetic descriptors stand in for them.
 */
static const struct check critical_check = {
	.id = "zz_test_critical",
	.title = "A synthetic critical containment check",
	.phase = PHASE_CONTAINMENT,
	.severity = SEV_CRITICAL,
	.scope = CHECK_SCOPE_REGION,
};

static const struct check info_check = {
	.id = "zz_test_info",
	.title = "A synthetic informational detection check",
	.phase = PHASE_DETECTION,
	.severity = SEV_INFO,
	.scope = CHECK_SCOPE_REGION,
};

static const struct check *vpc, *iam, *org, *gd, *kms;

/* Add 'n' findings with status 'st' for 'c' in (acct, region). */
static void add(struct findings *f, const struct check *c, const char *acct,
		const char *region, enum check_status st, int n)
{
	static int serial;

	f->check = c;
	f->account_id = acct;
	f->region = region;
	f->severity = c->severity;
	for (int i = 0; i < n; i++)
		findings_add(f, st, "AWS::Test::Resource", NULL, "r%d",
			     serial++);
}

static struct score group(const struct findings *f,
			  const struct check *const *sel, size_t nsel)
{
	struct score s;

	score_group(&s, f, sel, nsel, NULL, NULL);
	return s;
}

static void test_registry_assumptions(void)
{
	vpc = check_find("vpc_flow_logs_enabled");
	iam = check_find("iam_access_keys_rotated");
	org = check_find("org_member");
	gd = check_find("guardduty_enabled");
	kms = check_find("kms_cmk_rotation");
	if (!vpc || !iam || !org || !gd || !kms) {
		printf("Bail out! a check used by this test is missing\n");
		exit(1);
	}
	is_int(severity_weight(vpc->severity), 5,
	       "vpc_flow_logs_enabled is high (5)");
	is_int(severity_weight(iam->severity), 3,
	       "iam_access_keys_rotated is medium (3)");
	is_int(severity_weight(org->severity), 3, "org_member is medium (3)");
	is_int(severity_weight(gd->severity), 5,
	       "guardduty_enabled is high (5)");
	is_int(severity_weight(SEV_CRITICAL), 10, "critical weighs 10");
	is_int(severity_weight(SEV_LOW), 1, "low weighs 1");
	is_int(severity_weight(SEV_INFO), 0, "info weighs 0");
}

/* (a) (b) (c): nothing scorable */
static void test_unscorable(void)
{
	const struct check *sel[] = { vpc, iam };
	struct findings f;
	struct score s;

	findings_init(&f);
	add(&f, vpc, "111111111111", "us-east-1", CHECK_ERROR, 1);
	add(&f, vpc, "111111111111", "eu-west-1", CHECK_ERROR, 1);
	add(&f, iam, "111111111111", "global", CHECK_ERROR, 1);
	s = group(&f, sel, 2);
	is_int(s.valid, 0, "all ERROR: not valid");
	is_grade(s.grade, '-', "all ERROR: grade '-'");
	is_num(s.value, 0, "all ERROR: value 0");
	is_num(s.coverage, 0, "all ERROR: coverage 0");
	is_int(s.selected, 2, "all ERROR: 2 selected");
	is_int(s.evaluated, 0, "all ERROR: none evaluated");
	is_int(s.counts[CHECK_ERROR], 3, "all ERROR: 3 ERROR findings");
	findings_release(&f);

	findings_init(&f);
	add(&f, vpc, "111111111111", "us-east-1", CHECK_NA, 2);
	add(&f, iam, "111111111111", "global", CHECK_NA, 1);
	s = group(&f, sel, 2);
	is_int(s.valid, 0, "all NOT_APPLICABLE: not valid");
	is_grade(s.grade, '-', "all NOT_APPLICABLE: grade '-'");
	is_num(s.coverage, 100,
	       "all NOT_APPLICABLE: coverage 100 (NA is evaluated)");
	is_int(s.evaluated, 2, "all NOT_APPLICABLE: both evaluated");
	findings_release(&f);

	findings_init(&f);
	add(&f, vpc, "111111111111", "us-east-1", CHECK_WAIVED, 2);
	add(&f, iam, "111111111111", "global", CHECK_WAIVED, 1);
	s = group(&f, sel, 2);
	is_int(s.valid, 0, "WAIVED only: not valid");
	is_grade(s.grade, '-', "WAIVED only: grade '-'");
	is_num(s.value, 0, "WAIVED only: value 0");
	is_int(s.counts[CHECK_WAIVED], 3, "WAIVED only: counted");
	is_num(s.coverage, 100, "WAIVED only: evaluated (no ERROR or MANUAL)");
	findings_release(&f);

	findings_init(&f);
	add(&f, vpc, "111111111111", "us-east-1", CHECK_MANUAL, 1);
	add(&f, iam, "111111111111", "global", CHECK_MANUAL, 1);
	s = group(&f, sel, 2);
	is_int(s.valid, 0, "MANUAL only: not valid");
	is_num(s.coverage, 0, "MANUAL only: coverage 0");
	findings_release(&f);

	findings_init(&f);
	s = group(&f, sel, 2);
	is_int(s.valid, 0, "no finding: not valid");
	is_num(s.coverage, 0, "no finding: coverage 0");
	s = group(&f, NULL, 0);
	is_int(s.valid, 0, "nothing selected: not valid");
	is_num(s.coverage, 0, "nothing selected: coverage 0");
	findings_release(&f);
}

/* (d) weights */
static void test_weights(void)
{
	const struct check *sel[] = { vpc, iam, &critical_check, &info_check };
	struct findings f;
	struct score s;

	findings_init(&f);
	add(&f, vpc, "111111111111", "us-east-1", CHECK_PASS, 1);
	add(&f, vpc, "111111111111", "us-east-1", CHECK_FAIL, 1);
	add(&f, iam, "111111111111", "global", CHECK_PASS, 3);
	s = group(&f, sel, 2);
	is_int(s.valid, 1, "high 1/2 + medium 3/3: valid");
	is_num(s.value, 68.75,
	       "high 1/2 + medium 3/3: (5*0.5 + 3*1)/8 = 68.75");
	is_grade(s.grade, 'D', "68.75 is a D");
	is_num(s.coverage, 100, "high + medium: coverage 100");

	/* WAIVED and NOT_APPLICABLE beside PASS/FAIL change nothing */
	add(&f, vpc, "111111111111", "eu-west-1", CHECK_WAIVED, 4);
	add(&f, iam, "111111111111", "global", CHECK_NA, 2);
	s = group(&f, sel, 2);
	is_num(s.value, 68.75, "WAIVED and NA are neither pass nor fail");

	/* an ERROR region lowers coverage, not the score */
	add(&f, vpc, "111111111111", "ap-south-1", CHECK_ERROR, 1);
	s = group(&f, sel, 2);
	is_num(s.value, 68.75, "an ERROR region does not change the score");
	is_num(s.coverage, 75,
	       "an ERROR region: 3 of 4 units (vpc x 3 regions, iam) assessed");

	add(&f, &critical_check, "111111111111", "us-east-1", CHECK_FAIL, 1);
	s = group(&f, sel, 3);
	is_num(s.value, 100.0 * (5 * 0.5 + 3 * 1.0 + 10 * 0.0) / (5 + 3 + 10),
	       "a failing critical check adds weight 10 with result 0 (30.56)");
	is_grade(s.grade, 'F', "30.56 is an F");

	add(&f, &info_check, "111111111111", "us-east-1", CHECK_FAIL, 3);
	add(&f, &info_check, "111111111111", "us-east-1", CHECK_PASS, 1);
	{
		struct score s4 = group(&f, sel, 4);

		is_num(s4.value, s.value,
		       "an info check (weight 0) never changes the score");
		is_int(s4.selected, 4, "the info check is selected");
	}
	findings_release(&f);

	findings_init(&f);
	add(&f, &info_check, "111111111111", "us-east-1", CHECK_FAIL, 2);
	s = group(&f, &sel[3], 1);
	is_int(s.valid, 0, "info checks alone: not valid");
	is_num(s.coverage, 100, "info checks alone: evaluated");

	/* a finding of a check that is not selected is ignored */
	add(&f, org, "111111111111", "global", CHECK_FAIL, 1);
	add(&f, vpc, "111111111111", "us-east-1", CHECK_PASS, 1);
	s = group(&f, sel, 1);
	is_num(s.value, 100, "findings of unselected checks are ignored");
	is_int(s.counts[CHECK_FAIL], 0, "unselected findings are not counted");
	findings_release(&f);

	/*
	 * A policy severity override changes a finding's severity, and
	 * score.c's own rule is that the weight is the finding's: a high
	 * check overridden to low weighs 1.
	 */
	findings_init(&f);
	f.check = vpc;
	f.account_id = "111111111111";
	f.region = "us-east-1";
	f.severity = SEV_LOW;
	findings_add(&f, CHECK_FAIL, "AWS::EC2::VPC", "vpc-1", "overridden");
	add(&f, iam, "111111111111", "global", CHECK_PASS, 1);
	s = group(&f, sel, 2);
	is_num(s.value, 100.0 * (1 * 0.0 + 3 * 1.0) / (1 + 3),
	       "severity override: the finding's severity is the weight (75)");
	findings_release(&f);
}

/* (e) groups */
static void test_groups(void)
{
	const struct check *sel[] = { vpc, iam, &critical_check, &info_check };
	const char *A = "111111111111", *B = "222222222222";
	struct findings f;
	struct scores s;
	double vpc_r = 3.0 / 5, iam_r = 2.0 / 3, crit_r = 1.0 / 2;

	findings_init(&f);
	add(&f, vpc, B, "us-east-1", CHECK_FAIL, 1);
	add(&f, iam, B, "global", CHECK_PASS, 2);
	add(&f, &critical_check, B, "eu-west-1", CHECK_FAIL, 1);
	add(&f, &info_check, B, "us-east-1", CHECK_FAIL, 1);
	add(&f, vpc, A, "us-east-1", CHECK_PASS, 1);
	add(&f, vpc, A, "us-east-1", CHECK_FAIL, 1);
	add(&f, vpc, A, "eu-west-1", CHECK_PASS, 2);
	add(&f, iam, A, "global", CHECK_FAIL, 1);
	add(&f, &critical_check, A, "us-east-1", CHECK_PASS, 1);
	for (size_t i = 0; i < f.n; i++)
		if (!strcmp(f.v[i].account_id, A))
			f.v[i].account_name = findings_intern(&f, "prod");
	findings_sort(&f);
	scores_compute(&s, &f, sel, ARRAY_SIZE(sel));

	is_num(s.overall.value,
	       100.0 * (5 * vpc_r + 3 * iam_r + 10 * crit_r) / 18,
	       "overall: (5*3/5 + 3*2/3 + 10*1/2)/18 = 55.56");
	is_grade(s.overall.grade, 'F', "overall: F");
	/* each account: vpc, critical, info in 2 regions + iam = 7 units */
	is_int(s.overall.units, 14, "overall: 14 units");
	is_num(s.overall.coverage, 100.0 * 8 / 14,
	       "overall: 8 of 14 units have findings (57.14)");
	is_int(s.overall.counts[CHECK_PASS], 6, "overall: 6 PASS");
	is_int(s.overall.counts[CHECK_FAIL], 5, "overall: 5 FAIL");

	is_int(s.phase[PHASE_PREPARATION].selected, 2, "preparation: 2 checks");
	is_num(s.phase[PHASE_PREPARATION].value,
	       100.0 * (5 * vpc_r + 3 * iam_r) / 8, "preparation: 62.5");
	is_grade(s.phase[PHASE_PREPARATION].grade, 'D', "preparation: D");
	is_int(s.phase[PHASE_DETECTION].selected, 1, "detection: 1 check");
	is_int(s.phase[PHASE_DETECTION].valid, 0,
	       "detection: info only, not valid");
	is_num(s.phase[PHASE_DETECTION].coverage, 25,
	       "detection: 1 of 4 info-check units (B us-east-1)");
	is_num(s.phase[PHASE_CONTAINMENT].value, 50, "containment: 50");
	is_grade(s.phase[PHASE_CONTAINMENT].grade, 'F', "containment: F");
	is_int(s.phase[PHASE_POST_INCIDENT].selected, 0,
	       "post-incident: no check");
	is_int(s.phase[PHASE_POST_INCIDENT].valid, 0,
	       "post-incident: not valid");
	is_grade(s.phase[PHASE_POST_INCIDENT].grade, '-', "post-incident: '-'");

	is_int(s.naccounts, 2, "2 account groups");
	if (s.naccounts == 2) {
		is_str(s.accounts[0].key, A, "account group 0 is A (sorted)");
		is_str(s.accounts[0].label, "prod",
		       "account label from account_name");
		is_num(s.accounts[0].score.value,
		       100.0 * (5 * 0.75 + 3 * 0.0 + 10 * 1.0) / 18,
		       "account A: (5*3/4 + 3*0 + 10*1)/18 = 76.39");
		is_grade(s.accounts[0].score.grade, 'C', "account A: C");
		is_num(s.accounts[0].score.coverage, 100.0 * 4 / 7,
		       "account A: 4 of its 7 units have findings");
		is_str(s.accounts[1].key, B, "account group 1 is B");
		ok(s.accounts[1].label == NULL, "account B: no label");
		is_num(s.accounts[1].score.value,
		       100.0 * (5 * 0.0 + 3 * 1.0 + 10 * 0.0) / 18,
		       "account B: (0 + 3*1 + 0)/18 = 16.67");
		is_grade(s.accounts[1].score.grade, 'F', "account B: F");
		is_num(s.accounts[1].score.coverage, 100.0 * 4 / 7,
		       "account B: 4 of its 7 units have findings");
	}

	is_int(s.nregions, 3, "3 region groups");
	if (s.nregions == 3) {
		is_str(s.regions[0].key, "global", "global first");
		is_str(s.regions[1].key, "eu-west-1", "then eu-west-1");
		is_str(s.regions[2].key, "us-east-1", "then us-east-1");
		is_num(s.regions[0].score.value, 100.0 * 2 / 3,
		       "global: iam 2/3 = 66.67");
		is_grade(s.regions[0].score.grade, 'D', "global: D");
		/* a region's coverage counts only the checks that run there */
		is_num(s.regions[0].score.coverage, 100,
		       "global: 1 of its 1 account-scope check");
		is_num(s.regions[1].score.value,
		       100.0 * (5 * 1.0 + 10 * 0.0) / 15,
		       "eu-west-1: (5*1 + 10*0)/15 = 33.33");
		is_num(s.regions[1].score.coverage, 100.0 * 2 / 6,
		       "eu-west-1: 2 of its 6 regional units (A vpc, B crit)");
		is_num(s.regions[2].score.value,
		       100.0 * (5 * (1.0 / 3) + 10 * 1.0) / 15,
		       "us-east-1: (5*1/3 + 10*1)/15 = 77.78");
		is_grade(s.regions[2].score.grade, 'C', "us-east-1: C");
		is_num(s.regions[2].score.coverage, 100.0 * 4 / 6,
		       "us-east-1: 4 of its 6 regional units");
	}

	is_int(s.nchecks, 4, "one summary per selected check");
	if (s.nchecks == 4) {
		ok(s.checks[0].check == vpc, "summaries in selection order");
		is_num(s.checks[0].result, vpc_r, "vpc result 3/5");
		is_int(s.checks[0].scored, 1, "vpc scored");
		is_num(s.checks[1].result, iam_r, "iam result 2/3");
		is_int(s.checks[3].counts[CHECK_FAIL], 1, "info check: 1 FAIL");
		is_num(s.checks[3].result, 0, "info check: result 0/1");
	}
	scores_release(&s);
	findings_release(&f);
}

/* (f) grades */
static void test_grades(void)
{
	static const struct {
		double v;
		char g;
	} cases[] = {
		{ 100, 'A' },   { 90, 'A' }, { 89.999, 'B' }, { 80, 'B' },
		{ 79.99, 'C' }, { 70, 'C' }, { 69.99, 'D' },  { 60, 'D' },
		{ 59.99, 'F' }, { 0, 'F' },
	};
	const struct check *sel[] = { vpc, iam };
	struct findings f;
	struct score s;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		is_grade(score_grade(cases[i].v), cases[i].g,
			 "score_grade(%g) = %c", cases[i].v, cases[i].g);

	/* computed boundaries: exactly 90, 60 and 70 */
	findings_init(&f);
	add(&f, vpc, "111111111111", "us-east-1", CHECK_PASS, 9);
	add(&f, vpc, "111111111111", "us-east-1", CHECK_FAIL, 1);
	s = group(&f, sel, 1);
	is_num(s.value, 90, "high 9/10 = 90");
	is_grade(s.grade, 'A', "high 9/10 is an A");
	findings_release(&f);

	findings_init(&f);
	add(&f, iam, "111111111111", "global", CHECK_PASS, 3);
	add(&f, iam, "111111111111", "global", CHECK_FAIL, 2);
	s = group(&f, &sel[1], 1);
	is_num(s.value, 60, "medium 3/5 = 60");
	is_grade(s.grade, 'D', "medium 3/5 (60) is a D, not an F");
	findings_release(&f);

	findings_init(&f);
	add(&f, iam, "111111111111", "global", CHECK_PASS, 7);
	add(&f, iam, "111111111111", "global", CHECK_FAIL, 3);
	s = group(&f, &sel[1], 1);
	is_num(s.value, 70, "medium 7/10 = 70");
	is_grade(s.grade, 'C', "medium 7/10 (70) is a C, not a D");
	findings_release(&f);
}

/* (g) coverage: an ERROR region and a MANUAL check */
static void test_coverage(void)
{
	const struct check *sel[] = { vpc, iam, org, gd, kms };
	struct findings f;
	struct score s;

	findings_init(&f);
	add(&f, vpc, "111111111111", "us-east-1", CHECK_PASS, 1);
	add(&f, vpc, "111111111111", "eu-west-1", CHECK_ERROR, 1);
	add(&f, iam, "111111111111", "global", CHECK_MANUAL, 1);
	add(&f, org, "111111111111", "global", CHECK_PASS, 1);
	add(&f, gd, "111111111111", "us-east-1", CHECK_FAIL, 1);
	add(&f, gd, "111111111111", "eu-west-1", CHECK_NA, 1);
	s = group(&f, sel, 4);
	is_int(s.evaluated, 2, "coverage: org and guardduty fully evaluated");
	/* units: vpc x2, iam, org, gd x2 */
	is_int(s.units, 6, "coverage: 6 units");
	is_num(s.coverage, 100.0 * 4 / 6,
	       "coverage: 4 of 6 units (vpc eu-west-1 ERROR, iam MANUAL)");
	is_int(s.units_error, 1, "coverage: 1 ERROR unit");
	is_int(s.units_manual, 1, "coverage: 1 MANUAL unit, counted apart");
	is_num(s.value, 100.0 * (5 * 1.0 + 3 * 1.0 + 5 * 0.0) / 13,
	       "coverage case score: (5 + 3 + 0)/13 = 61.54; MANUAL and ERROR "
	       "not scored");
	is_grade(s.grade, 'D', "coverage case: D");
	s = group(&f, sel, 5);
	is_num(s.coverage, 50,
	       "a selected check without findings: 4 of 8 units (kms x2)");
	is_int(s.selected, 5, "5 selected");
	findings_release(&f);
}

/*
 * (h) one unreachable account in an Organization: its units are ERROR,
 * the others' are assessed. Issue 11 case 3: coverage was 0 %.
 */
static void test_unreachable_account(void)
{
	const struct check *sel[] = { vpc, iam, org };
	const struct check *att = check_find("ir_plan_tested");
	const struct check *sel2[] = { vpc, iam, org, att };
	const char *A = "111111111111", *B = "222222222222",
		   *C = "333333333333";
	struct findings f;
	struct scores s;

	findings_init(&f);
	for (int i = 0; i < 2; i++) {
		const char *acct = i ? B : A;

		add(&f, vpc, acct, "us-east-1", CHECK_PASS, 1);
		add(&f, vpc, acct, "eu-west-1", CHECK_FAIL, 1);
		add(&f, iam, acct, "global", CHECK_PASS, 1);
		add(&f, org, acct, "global", CHECK_PASS, 1);
	}
	/* C could not be assessed: one ERROR per check, filed at global */
	add(&f, vpc, C, "global", CHECK_ERROR, 1);
	add(&f, iam, C, "global", CHECK_ERROR, 1);
	add(&f, org, C, "global", CHECK_ERROR, 1);
	findings_sort(&f);
	scores_compute(&s, &f, sel, ARRAY_SIZE(sel));
	/* 4 units per account: vpc in the run's 2 regions, iam, org */
	is_int(s.overall.units, 12, "org: 12 units (C gets the run's regions)");
	is_int(s.overall.units_assessed, 8, "org: A's and B's 8 assessed");
	is_int(s.overall.units_error, 4, "org: C's 4 units are ERROR");
	is_num(s.overall.coverage, 100.0 * 8 / 12,
	       "org: coverage 66.67, not 0 (one account pulls it down)");
	is_int(s.overall.evaluated, 0,
	       "org: no check is error-free everywhere (old measure)");
	if (s.naccounts == 3) {
		is_num(s.accounts[0].score.coverage, 100, "org: A 100");
		is_num(s.accounts[2].score.coverage, 0, "org: C 0");
		is_int(s.accounts[2].score.units, 4, "org: C has 4 units");
	} else {
		ok(0, "org: 3 account groups (got %zu)", s.naccounts);
	}
	scores_release(&s);

	/* an attestation check: MANUAL in A, attested in B */
	f.check = att;
	f.account_id = A;
	f.region = "global";
	findings_add(&f, CHECK_MANUAL, "AWS::::Account", A, "not attested");
	f.account_id = B;
	findings_add(&f, CHECK_PASS, "AWS::::Account", B, "attested");
	findings_sort(&f);
	scores_compute(&s, &f, sel2, ARRAY_SIZE(sel2));
	is_int(s.overall.units, 15, "attest: 15 units");
	is_int(s.overall.units_manual, 1, "attest: 1 awaiting attestation");
	is_int(s.overall.units_attested, 1, "attest: 1 attested");
	is_int(s.overall.units_assessed, 9, "attest: attested is assessed");
	scores_release(&s);
	findings_release(&f);
}

int main(void)
{
	test_registry_assumptions();
	test_unscorable();
	test_weights();
	test_groups();
	test_grades();
	test_coverage();
	test_unreachable_account();
	return done_testing();
}
