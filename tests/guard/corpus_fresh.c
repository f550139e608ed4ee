/*
 * corpus_fresh.c: the second held-out set, written after the last change to
 * the guard's rules and never used to tune them (corpus_heldout.c was
 * measured once before two rules changed, so it is no longer unseen).
 */
#include <stddef.h>

#include "corpus.h"

static const char *const upn_lines[] = {
	"Morning! Has anyone had the DfE reject a UPN? Ours is {UPN} and the "
	    "check letter looks right to me.",
	"Copying in our data manager: UPN {UPN}, SEN need SEMH, starts {SOON}.",
	"She came from {PLACE} with {UPN} on the CTF",
	"Quick q - can I put UPN {UPN} in the subject line of an email to the LA?",
	"List for the panel:\n1. {UPN} - top-up band C",
	"Child's UPN (from the MIS): {UPN}",
	"Is it {UPN} or the old temporary one we should use?",
	"UPN{N} {UPN}",
	"<{UPN}> flagged on the school census as missing SEN provision type",
	"Our admissions officer typed {UPN} into the wrong field again, sorry",
	NULL
};

static const char *const uln_lines[] = {
	"Apprenticeship provider has asked for her ULN - it's {ULN}",
	"ULN {ULN} linked to the wrong learner on the LRS, who do I ring?",
	"For the post-16 consultation: ULN {ULN}, Year {Y}, EHCP",
	"His ULN is {ULN}. The college has it as something else.",
	"Unique learner number {ULN} - can the exams officer check?",
	"Learner {ULN} needs a scribe for the functional skills exam",
	"ULN: {ULN}\nUPN: to follow",
	"Re the FE transfer, {ULN} is right according to the PLR",
	NULL
};

static const char *const nhs_lines[] = {
	"Our school nurse says the NHS number {NHS} isn't matching on SystmOne",
	"Hearing support team need {NHS} before they can book",
	"Medical needs plan (NHS {NHS}) reviewed {RECENT}",
	"Community paeds letter dated {RECENT}, NHS number {NHS}, diagnosis ADHD",
	"Can someone tell me where the NHS no. goes on the EHC form? I have {NHS}",
	"Dietitian referral: NHS No {NHS}; allergy plan attached",
	"NHS - {NHS}",
	"SALT reply quoted {NHS}, is that enough to identify him?",
	NULL
};

static const char *const name_dob_lines[] = {
	"Morning all, we have {F} {L} starting, DOB {DOBW}, any info welcome",
	"Pupil details: {L}, {F} - {DOB} - Year {Y} - EHCP",
	"{F} {L} ({DOB}), Year {Y}, has an EHCP from {PLACE}",
	"I think {F} {L} (born {DOBW}) was at your school before us?",
	"Meeting notes - {F} {L}, DOB {DOBW}, parents present",
	"{F} {L}, {DOB}, SEMH, part-time timetable since {RECENT}",
	"Name: {F} {L}\nDOB: {DOBW}",
	"Child: {F} {F2} {L}. D.O.B: {DOBW}. Needs: ASD, SLCN.",
	"Please could you send the file for {F} {L}, date of birth {DOBW}?",
	"We think {F} {L}, born {DOBW}, might have been known to your service",
	"The transfer for {F} {L} {DOB} is stuck at the LA",
	"CAMHS accepted {F} {L} ({DOB}) onto the waiting list",
	NULL
};

static const char *const near_miss_lines[] = {
	"Exam candidate number {MISS} for the access arrangements form",
	"Our Ofsted URN and LAESTAB are on the letter, ref {MISS}",
	"Booking reference {MISS} for the conference hotel",
	"Courier says parcel {MISS} was delivered",
	"Maths Hub workshop code {MISS}",
	"The EHC hub shows case {MISS} as draft",
	"Serial number {MISS} on the laptop for the scribe",
	NULL
};

static const char *const ordinary_lines[] = {
	"Has anyone used the new banding matrix? We moved {N} pupils up a band",
	"Costs: {MONEY} for the EP, {MONEY} for SALT, total about {PCT} of the budget",
	"Reminder - next network meeting {SOON}, {TIME}-{TIME}, room {ROOM} at {PLACE}",
	"Postcode for parking is {PC}, main entrance on the left",
	"Year {Y} transition day is {SOON}; {N} children with EHCPs",
	"Our LA finalised {N} plans last month, {PCT} within {WEEKS} weeks",
	"I've been in post since {YEARS} and never seen waits this long",
	"Best wishes, {F} (SENCO, {PLACE}) {PHONE}",
	"URN {URN} / LAESTAB {N}{N}",
	"Can anyone recommend a dyslexia screener for ages {AGE}-{AGE}?",
	"He's {AGE}, working at about Year {Y} level in maths",
	"Draft plan arrived {RECENT}, we have 15 days to respond, so by {SOON}",
	"Thanks {F} {L}, that's really helpful!",
	"Mrs {L} and I will both be at the conference on {SOON}",
	"Staff list: {F} {L} (TA), {F} {L} (HLTA), started {RECENT}",
	"KS{KS} results: {PCT} of SEN support pupils met the expected standard",
	"Invoice {ORDER} paid, {MONEY}",
	"We were inspected on {RECENT} and SEND came up a lot",
	"Ring me on {PHONE} after {TIME}",
	"The Code of Practice was published in {YEARS}? No, January 2015 I think",
	"Annual reviews booked: {RECENT}, {SOON}, {SOON} and {SOON}",
	"Training slides from {PLACE} are on the shared drive, {N} pages",
	NULL
};

static const char *const first_names[] = {
	"Olivia", "George", "Isabella", "Arthur", "Florence", "Muhammad",
	"Zainab", "Maryam", "Krzysztof", "Wiktoria", "Temitope", "Emeka",
	"Ciaran", "Orla", "Eilidh", "Lewis", "Bethan", "Gethin", "Ruairi",
	"Layla", "Hamza", "Aarav", "Anaya", "Louie", "Elsie", "Mason",
	"Willow", "Jude", "Ivy", "Reggie", "Rosie", "Ted", "Mabel", "Max",
	"Ellis", "Frankie", "Skye", "Rory",
	NULL
};

static const char *const last_names[] = {
	"Harris", "Martin", "Jackson", "Clark", "Lewis", "Lee", "Allen",
	"Scott", "Mitchell", "Carter", "Phillips", "Shah", "Mahmood",
	"Iqbal", "Wojcik", "Kaminski", "Okonkwo", "Boateng", "Doherty",
	"Gallagher", "MacLeod", "Fraser", "Rees", "Pritchard", "Jenkins",
	"Ellis-Brown", "Fitzgerald", "O'Sullivan", "Brooks", "Field", "Rose",
	"Cross", "Mills", "Fox", "Reid",
	NULL
};

static const char *const places[] = {
	"Wakefield", "Doncaster", "Sunderland", "Gateshead", "Blackpool",
	"Elm Tree Primary", "Westfield School", "Northern Lights Trust",
	"Cardiff", "Swansea", "Newcastle",
	NULL
};

const struct corpus_set corpus_fresh = {
	"fresh",
	{ upn_lines, uln_lines, nhs_lines, name_dob_lines, near_miss_lines,
	    ordinary_lines },
	first_names, last_names, places,
};
