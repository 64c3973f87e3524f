// conclusion.js - the conclusion an inspection's verdicts lead to, shown
// before completing; the server computes the same and refuses a differing
// one: a key item nonconform -> fail; else any nonconform or defect ->
// rectify; else pass.
export function computeConclusion(items, answers) {
  let keyFail = 0;
  let issues = 0;
  let open = 0;
  for (const it of items) {
    const v = answers[it.no]?.verdict;
    if (!v) open++;
    else if (v === 'nonconform' && it.key) keyFail++;
    else if (v === 'nonconform' || v === 'defect') issues++;
  }
  if (open) return { conclusion: null, open };
  return { conclusion: keyFail ? 'fail' : issues ? 'rectify' : 'pass', open: 0 };
}
