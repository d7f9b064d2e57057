package oriole.recorder.explain;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Explanations' SQL, in {@code ExplainMapper.xml}. */
public interface ExplainMapper {

    List<WaitingRun> selectWaiting(@Param("limit") int limit);

    long countWaiting();

    WaitingRun selectRun(@Param("executionArn") String executionArn);

    int save(StoredExplanation explanation);

    RunExplanation selectExplanation(@Param("executionArn") String executionArn);
}
