package oriole.recorder.store;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Reads experiments rows back; SQL in {@code ExperimentQueryMapper.xml}. */
public interface ExperimentQueryMapper {

    List<ExperimentRow> selectByExecutionArns(@Param("executionArns") String[] executionArns);

    /** {@code key} is an execution ARN or name; {@code id} the experiment id when the key is a number. */
    List<ExperimentRow> selectRuns(@Param("id") Long id, @Param("key") String key);

    List<ExperimentRow> selectBySqsMessageId(@Param("sqsMessageId") String sqsMessageId);

    List<TimelineEvent> selectTimeline(@Param("executionArn") String executionArn);
}
