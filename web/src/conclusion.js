// conclusion.js - the conclusion an inspection's verdicts lead to, shown
// before completing (the server computes and stores its own): any
// nonconform item fails it; defects only pass it with defects; else pass.
export function computeConclusion(items, answers) {
  let nonconform = 0;
  let defect = 0;
  let open = 0;
  for (const it of items) {
    const v = answers[it.no]?.verdict;
    if (!v) open++;
    else if (v === 'nonconform') nonconform++;
    else if (v === 'defect') defect++;
  }
  if (open) return { conclusion: null, open };
  return { conclusion: nonconform ? 'fail' : defect ? 'pass_with_defects' : 'pass', open: 0, nonconform, defect };
}
