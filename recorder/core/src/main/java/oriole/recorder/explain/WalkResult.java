package oriole.recorder.explain;

/** What walking the history read so far decides. */
public sealed interface WalkResult {

    /** The failure is explained: no older page is needed. */
    record Found(FailureExplanation explanation) implements WalkResult {
    }

    /** The answer lies in an older page. */
    record NeedOlderPage() implements WalkResult {
    }

    /** The whole history was read and shows no failed state (a run aborted before its first state, say). */
    record NoFailure() implements WalkResult {
    }
}
